"""The AI policy's workflow: a draft changes, a submitted version never; four eyes approve;
publishing tells everyone; each change leaves a history row."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.models import Change, OutgoingMail
from koers.orgs.models import Department, Role
from koers.strategy.models import Acknowledgement, PolicyApproval, PolicyVersion
from koers.strategy.selectors import policy as selectors
from koers.strategy.services import policy as services
from koers.strategy.services.policy import CellInput, SectionInput
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = pytest.mark.django_db
Status = PolicyVersion.Status


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def lead(org):
    return ctx_for(make_member(org, Role.LEAD), org)


@pytest.fixture
def legal(org):
    return ctx_for(make_member(org, Role.LEGAL), org)


def changes(version, action=None):
    rows = Change.objects.filter(subject="strategy.policyversion", subject_id=version.pk)
    return rows.filter(action=action) if action else rows


def content(version):
    version.refresh_from_db()
    return selectors.version_content(version)


def with_tool(lead, version, name="ChatGPT Enterprise"):
    services.tool_add(lead, version=version, name=name)
    return content(version).tools[-1].key


def published(lead, legal, language="nl"):
    version = services.policy_start(lead, language=language)
    services.version_submit(lead, version=version)
    services.version_decide(legal, version=version, approve=True)
    return services.version_publish(lead, version=version)


def test_it_starts_the_policy_from_the_template_as_a_draft(lead):
    version = services.policy_start(lead, language="nl")
    assert version.number == 1 and version.status == Status.DRAFT
    assert content(version).title == "AI-beleid" and len(content(version).sections) == 11
    assert changes(version, "created").count() == 1
    with pytest.raises(ValidationError):
        services.policy_start(lead, language="nl")
    other = make_org()
    with pytest.raises(ValidationError):
        services.policy_start(ctx_for(make_member(other, Role.LEAD), other), language="fr")


def test_a_member_or_legal_cannot_edit(org, lead, legal):
    version = services.policy_start(lead, language="en")
    member = ctx_for(make_member(org), org)
    for ctx in (member, legal):
        with pytest.raises(PermissionDenied):
            services.policy_start(ctx, language="nl")
        with pytest.raises(PermissionDenied):
            services.tool_add(ctx, version=version, name="DeepL")


def test_sections_are_edited_sanitised_and_renumbered_with_the_cells_that_cite_them(lead):
    version = services.policy_start(lead, language="nl")
    tool = with_tool(lead, version)
    services.matrix_save(
        lead,
        version=version,
        cells=[
            CellInput(tool, "personal", "conditional", "Alleen met verwerkersovereenkomst", "5")
        ],
    )
    sections = content(version).sections
    given = [SectionInput(s.key, s.number, s.title, s.html) for s in sections]
    given[0] = SectionInput(
        "purpose", "1", "Doel", '<p onclick="x()">Nieuw<script>x()</script></p>'
    )
    services.sections_save(lead, version=version, sections=given)
    assert content(version).sections[0].html == "<p>Nieuw</p>"
    assert content(version).sections[0].title == "Doel"
    services.section_remove(lead, version=version, key="principles")
    services.sections_renumber(lead, version=version)
    after = content(version)
    assert [s.number for s in after.sections] == [str(n) for n in range(1, 11)]
    assert after.cell(tool, "personal").section == "4"  # personal data moved from 5 to 4
    services.section_add(lead, version=version, title="Bijlage")
    assert content(version).sections[-1].number == "11"
    assert changes(version, "sections_renumbered").count() == 1


def test_a_section_the_matrix_cites_cannot_be_removed(lead):
    version = services.policy_start(lead, language="nl")
    tool = with_tool(lead, version)
    services.matrix_save(lead, version=version, cells=[CellInput(tool, "public", "yes", "", "3")])
    with pytest.raises(ValidationError, match="3"):
        services.section_remove(lead, version=version, key="tools")
    assert len(content(version).sections) == 11


def test_bad_input_changes_nothing(lead):
    version = services.policy_start(lead, language="nl")
    tool = with_tool(lead, version)
    before = content(version)
    history = changes(version).count()
    bad_edits = [
        lambda: services.matrix_save(
            lead, version=version, cells=[CellInput(tool, "public", "conditional")]
        ),
        lambda: services.matrix_save(
            lead, version=version, cells=[CellInput(tool, "public", "maybe")]
        ),
        lambda: services.matrix_save(
            lead, version=version, cells=[CellInput(tool, "public", "yes", "", "99")]
        ),
        lambda: services.matrix_save(
            lead, version=version, cells=[CellInput("nope", "public", "yes")]
        ),
        lambda: services.tool_add(lead, version=version, name="  "),
        lambda: services.tool_add(lead, version=version, name="chatgpt enterprise"),
        lambda: services.data_class_rename(lead, version=version, key="public", label="Intern"),
        lambda: services.sections_save(
            lead, version=version, sections=[SectionInput("purpose", "1", "", "x")]
        ),
        lambda: services.sections_save(
            lead, version=version, sections=[SectionInput("purpose", "2", "Doel", "x")]
        ),
        lambda: services.sections_save(
            lead, version=version, sections=[SectionInput("purpose", "1", "Doel", "x" * 50_000)]
        ),
    ]
    for edit in bad_edits:
        with pytest.raises(ValidationError):
            edit()
    assert content(version) == before
    assert changes(version).count() == history


def test_data_classes_and_tools_are_renamed_added_and_removed_with_their_cells(lead):
    version = services.policy_start(lead, language="nl")
    tool = with_tool(lead, version)
    services.data_class_add(lead, version=version, label="Staatsgeheim")
    services.data_class_rename(lead, version=version, key="public", label="Publiek")
    services.matrix_save(
        lead,
        version=version,
        cells=[CellInput(tool, "staatsgeheim", "no"), CellInput(tool, "public", "yes")],
    )
    services.data_class_remove(lead, version=version, key="staatsgeheim")
    after = content(version)
    assert [d.label for d in after.data_classes] == [
        "Publiek",
        "Intern",
        "Vertrouwelijk",
        "Persoonsgegevens",
    ]
    assert [(c.tool, c.data_class) for c in after.cells] == [(tool, "public")]
    services.tool_rename(lead, version=version, key=tool, name="ChatGPT Team")
    assert content(version).tools[0].name == "ChatGPT Team"
    services.tool_remove(lead, version=version, key=tool)
    assert content(version).tools == () and content(version).cells == ()
    assert changes(version, "tool_removed").get().fields == {"tool": [None, "ChatGPT Team"]}


def test_the_workflow_from_draft_to_published_and_the_next_draft(org, lead, legal):
    version = services.policy_start(lead, language="nl")
    services.version_submit(lead, version=version, summary="Eerste versie")
    with pytest.raises(ValidationError, match="draft"):
        services.tool_add(lead, version=version, name="DeepL")
    with pytest.raises(ValidationError):
        services.version_publish(lead, version=version)
    services.version_decide(legal, version=version, approve=True)
    version.refresh_from_db()
    assert version.status == Status.APPROVED and version.approved_at
    services.version_publish(lead, version=version)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and selectors.published_version(org) == version
    draft = services.draft_start(lead)
    assert draft.number == 2 and draft.content == version.content
    with pytest.raises(ValidationError):
        services.draft_start(lead)
    services.tool_add(lead, version=draft, name="DeepL")
    services.version_submit(lead, version=draft)
    services.version_decide(legal, version=draft, approve=True)
    services.version_publish(lead, version=draft)
    version.refresh_from_db()
    assert version.status == Status.SUPERSEDED
    assert selectors.published_version(org).number == 2
    assert changes(version, "superseded").count() == 1


def test_the_author_cannot_approve_their_own_version(org, lead):
    version = services.policy_start(lead, language="nl")
    other_lead = ctx_for(make_member(org, Role.LEAD), org)
    services.tool_add(other_lead, version=version, name="DeepL")  # an editor is an author too
    services.version_submit(lead, version=version)
    for author in (lead, other_lead):
        with pytest.raises(ValidationError, match="someone else"):
            services.version_decide(author, version=version, approve=True)
    assert not PolicyApproval.objects.exists()
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW
    admin = ctx_for(make_member(org, Role.ADMIN), org)
    services.version_decide(admin, version=version, approve=True)
    version.refresh_from_db()
    assert version.status == Status.APPROVED


def test_an_evangelist_cannot_approve(org, lead):
    version = services.policy_start(lead, language="nl")
    services.version_submit(lead, version=version)
    with pytest.raises(PermissionDenied):
        services.version_decide(
            ctx_for(make_member(org, Role.EVANGELIST), org), version=version, approve=True
        )


def test_sending_back_needs_a_comment_and_opens_a_new_draft(lead, legal):
    version = services.policy_start(lead, language="nl")
    services.version_submit(lead, version=version)
    with pytest.raises(ValidationError):
        services.version_decide(legal, version=version, approve=False, comment=" ")
    services.version_decide(
        legal, version=version, approve=False, comment="Hoofdstuk 5 is te vaag."
    )
    version.refresh_from_db()
    assert version.status == Status.REJECTED
    assert version.approvals.get().comment == "Hoofdstuk 5 is te vaag."
    draft = selectors.open_version(version.policy.organisation)
    assert draft.number == 2 and draft.status == Status.DRAFT and draft.content == version.content
    assert draft.created_by == lead.user
    assert changes(version, "send_back").get().note == "Hoofdstuk 5 is te vaag."


def test_publishing_mails_every_active_member_in_their_language(org, lead, legal, mailoutbox):
    dutch = make_member(org)
    dutch.language = "nl"
    dutch.save(update_fields=["language"])
    english = make_member(org)
    english.language = "en"
    english.save(update_fields=["language"])
    gone = make_member(org)
    gone.memberships.update(is_active=False)
    published(lead, legal)
    mails = {m.to: m for m in OutgoingMail.objects.filter(kind=OutgoingMail.Kind.POLICY)}
    assert set(mails) == {lead.user.email, legal.user.email, dutch.email, english.email}
    assert "AI-beleid" in mails[dutch.email].subject and mails[dutch.email].language == "nl"
    sent = {m.to[0]: m for m in mailoutbox}
    assert "bevestigen dat je het hebt gelezen" in sent[dutch.email].body
    assert "Met vriendelijke groet" in sent[dutch.email].body
    assert f"/o/{org.slug}/strategy/policy/read/" in sent[dutch.email].body
    assert "Please read it" in sent[english.email].body
    assert "AI policy" in mails[english.email].subject and mails[english.email].language == "en"


def test_acknowledging_once_and_reminding_only_those_who_did_not(org, lead, legal, mailoutbox):
    read, unread = make_member(org), make_member(org)
    unread.language = "nl"
    unread.save(update_fields=["language"])
    version = published(lead, legal)
    OutgoingMail.objects.all().delete()
    first = services.acknowledgement_create(ctx_for(read, org), version=version)
    again = services.acknowledgement_create(ctx_for(read, org), version=version)
    assert first == again and Acknowledgement.objects.count() == 1
    assert services.reminders_send(lead) == 2  # unread and legal: not the lead who sends them
    assert unread.email in set(OutgoingMail.objects.values_list("to", flat=True))
    assert read.email not in set(OutgoingMail.objects.values_list("to", flat=True))
    assert changes(version, "reminders_sent").get().fields == {"reminders": [None, 2]}
    reminder = [m for m in mailoutbox if m.to == [unread.email]][-1]
    assert reminder.subject.startswith("Herinnering: AI-beleid lezen en bevestigen")
    assert "nog niet bevestigd" in reminder.body
    with pytest.raises(PermissionDenied):
        services.reminders_send(ctx_for(read, org))


def test_submitting_asks_the_approvers_who_did_not_write_it(org, lead, legal, mailoutbox):
    co_author = ctx_for(make_member(org, Role.ADMIN), org)
    other_lead = make_member(org, Role.LEAD)
    make_member(org, Role.EVANGELIST)  # may not approve: not asked
    version = services.policy_start(lead, language="nl")
    services.tool_add(co_author, version=version, name="DeepL")
    mailoutbox.clear()
    services.version_submit(lead, version=version, summary="Eerste versie")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([legal.user.email, other_lead.email])
    review = f"/o/{org.slug}/strategy/policy/versions/{version.pk}/review/"
    assert all(review in m.body and "approve version 1" in m.body for m in mailoutbox)


def test_the_authors_hear_the_decision(org, lead, legal, mailoutbox):
    version = services.policy_start(lead, language="nl")
    services.version_submit(lead, version=version)
    mailoutbox.clear()
    services.version_decide(
        legal, version=version, approve=False, comment="Hoofdstuk 5 is te vaag."
    )
    [sent_back] = mailoutbox
    assert sent_back.to == [lead.user.email]
    assert "Hoofdstuk 5 is te vaag." in sent_back.body and "version 2" in sent_back.body
    draft = selectors.open_version(org)
    services.version_submit(lead, version=draft)
    mailoutbox.clear()
    services.version_decide(legal, version=draft, approve=True)
    [approved] = mailoutbox
    assert approved.to == [lead.user.email] and "You can publish it now" in approved.body


def test_a_version_published_since_the_member_opened_the_policy_is_not_confirmed_unread(
    org, lead, legal
):
    first = published(lead, legal)
    member = ctx_for(make_member(org), org)
    draft = services.draft_start(lead)
    services.version_submit(lead, version=draft)
    services.version_decide(legal, version=draft, approve=True)
    second = services.version_publish(lead, version=draft)
    with pytest.raises(ValidationError, match="Version 2 was published since"):
        services.acknowledgement_create(member, version=second, read=first.number)
    assert not Acknowledgement.objects.exists()
    assert services.acknowledgement_create(member, version=second, read=2).version == second


def test_only_the_published_version_can_be_acknowledged(org, lead):
    version = services.policy_start(lead, language="nl")
    with pytest.raises(ValidationError):
        services.acknowledgement_create(ctx_for(make_member(org), org), version=version)


def test_another_organisations_version_cannot_be_touched(lead):
    other = make_org()
    their_lead = ctx_for(make_member(other, Role.LEAD), other)
    theirs = services.policy_start(their_lead, language="nl")
    with pytest.raises(ValidationError):
        services.tool_add(lead, version=theirs, name="DeepL")
    with pytest.raises(ValidationError):
        services.version_submit(lead, version=theirs)


def test_confirmations_per_department_merge_small_ones_and_name_nobody(org, lead, legal):
    finance = Department.objects.get(organisation=org, name="Finance")
    hr = Department.objects.get(organisation=org, name="HR")
    finance_people = [make_member(org, department=finance) for _i in range(5)]
    hr_person = make_member(org, department=hr)
    version = published(lead, legal)
    for person in finance_people[:3]:
        services.acknowledgement_create(ctx_for(person, org), version=version)
    services.acknowledgement_create(ctx_for(hr_person, org), version=version)
    groups = selectors.acknowledgements_by_department(org, version)
    rows = [(g.label, g.members, g.acknowledged) for g in groups]
    # k is 5: HR (1) and no department (the lead and legal: 2) are under it, and so together;
    # still under 5, so Finance joins them and only the whole organisation is left.
    assert rows == [("Other departments", 8, 4), ("Whole organisation", 8, 4)]
    # Finance 5, no department 5 (the lead, legal and three more), HR 3: HR alone is under 5,
    # so the smallest group of at least 5 joins it, and no figure covers fewer than 5 people.
    for _i in range(2):
        make_member(org, department=hr)
    for _i in range(3):
        make_member(org)
    groups = selectors.acknowledgements_by_department(org, version)
    assert [(g.label, g.members, g.acknowledged, g.merged) for g in groups] == [
        ("Finance", 5, 3, False),
        ("Other departments", 8, 1, True),
        ("Whole organisation", 13, 4, False),
    ]


def test_the_small_group_rule_is_the_scans(org, lead):
    from koers.diagnostic.services import scan_settings_update

    assert selectors.min_group_of(org) == 5
    admin = ctx_for(make_member(org, Role.ADMIN), org)
    scan_settings_update(admin, min_respondents=8, language="nl")
    assert selectors.min_group_of(org) == 8


def test_section_numbers_get_a_message_for_people(lead):
    version = services.policy_start(lead, language="nl")
    for number, message in (("vier", "like 4, 4.2"), ("2", "its own number")):
        with pytest.raises(ValidationError, match=message):
            services.sections_save(
                lead, version=version, sections=[SectionInput("purpose", number, "Doel", "")]
            )


def test_confirmations_of_earlier_versions_do_not_count_people_twice(org, lead, legal):
    people = [make_member(org) for _i in range(4)]
    first = published(lead, legal)
    for person in people:
        services.acknowledgement_create(ctx_for(person, org), version=first)
    draft = services.draft_start(lead)
    services.version_submit(lead, version=draft)
    services.version_decide(legal, version=draft, approve=True)
    second = services.version_publish(lead, version=draft)
    services.acknowledgement_create(ctx_for(people[0], org), version=second)
    groups = selectors.acknowledgements_by_department(org, second)
    assert (groups[-1].members, groups[-1].acknowledged) == (6, 1)


def test_a_section_that_is_not_in_the_version_is_refused_not_ignored(lead):
    version = services.policy_start(lead, language="nl")
    before = content(version)
    with pytest.raises(ValidationError, match="no such section: nope"):
        services.sections_save(
            lead,
            version=version,
            sections=[
                SectionInput("purpose", "1", "Nieuwe titel", "<p>x</p>"),
                SectionInput("nope", "9", "Bestaat niet", ""),
            ],
        )
    assert content(version) == before
