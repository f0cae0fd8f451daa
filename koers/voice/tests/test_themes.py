"""Themes: concerns grouped automatically, edited by moderators, and shown only by departments
large enough not to point at anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.models import Change
from koers.orgs.models import Department, Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Item, Support, Theme
from koers.voice.services import themes
from koers.voice.tests.themes_helpers import concern, moderator

pytestmark = pytest.mark.django_db

JOBS = [
    "I am afraid AI will replace my job in the call centre.",
    "Will my job still exist when the chatbot answers customers?",
    "Fear of losing our jobs to automation, nobody talks about it.",
    "Are there going to be redundancies because of AI?",
    "My job as a translator may disappear with AI translation.",
    "Job cuts are coming when AI does the work, I fear.",
    "Will AI take my job in the back office?",
]
PRIVACY = [
    "Customer data is pasted into ChatGPT without any privacy check.",
    "Is our personal data safe when we use AI tools? Privacy worries me.",
    "Privacy of patient files when using AI summaries.",
    "Who sees the data we type into the AI assistant? Privacy!",
    "Sensitive personal data could leak through AI tools.",
    "The privacy officer was not asked about the AI pilot.",
    "GDPR and privacy rules are ignored in the AI experiments.",
]


@pytest.fixture
def org():
    return make_org("Acme", departments=("Finance", "HR", "Sales"))


@pytest.fixture
def lead(org):
    return moderator(org)


def dept(org, name: str) -> Department:
    return org.departments.get(name=name)


class TestRecompute:
    def test_it_groups_few_concerns_by_category_named_after_the_category_s_concern(self, org):
        for text in JOBS[:3]:
            concern(org, text, category="job_security")
        for text in PRIVACY[:2]:
            concern(org, text, category="privacy")
        result = themes.themes_recompute(org)
        assert not result.clustered
        found = Theme.objects.filter(organisation=org)
        labels = {t.label_in("en"): t.items.count() for t in found}
        assert labels == {"Worries about losing jobs": 3, "Privacy and confidential data": 2}
        assert {t.label_in("nl") for t in found} == {
            "Zorgen over het verlies van banen",
            "Privacy en vertrouwelijke gegevens",
        }
        assert all(t.terms[0] in {"Job security", "Privacy"} for t in found)

    def test_it_clusters_the_texts_from_thirty_concerns_on(self, org):
        every = [f"{text} ({team})" for team in ("A", "B", "C") for text in JOBS + PRIVACY]
        texts = every[: themes.CLUSTER_FROM]
        for text in texts:
            concern(org, text, category="other")
        result = themes.themes_recompute(org)
        assert result.clustered and result.concerns == themes.CLUSTER_FROM
        groups = [set(t.items.values_list("text", flat=True)) for t in Theme.objects.all()]
        assert len(groups) >= 2
        # Most of the privacy worries end up together, apart from most job worries.
        privacy = {t for t in texts if t.rsplit(" (", 1)[0] in PRIVACY}
        jobs = {t for t in texts if t.rsplit(" (", 1)[0] in JOBS}
        # The privacy worries mostly end up apart from the job worries.
        mostly_privacy = [g for g in groups if len(g & privacy) > len(g & jobs)]
        assert sum(len(g & privacy) for g in mostly_privacy) >= 0.6 * len(privacy)
        assert sum(len(g & jobs) for g in mostly_privacy) <= 0.3 * len(jobs)

    def test_it_takes_the_scan_s_open_answers_too(self, org):
        concern(org, JOBS[0], source="scan")
        themes.themes_recompute(org)
        assert Item.objects.get().theme is not None

    def test_it_leaves_out_withheld_concerns_and_help_requests(self, org, lead):
        kept = concern(org, JOBS[0])
        withheld = concern(org, JOBS[1])
        services.item_withhold(ctx_for(lead, org), item=withheld, reason="Off topic.")
        services.item_raise_anonymously(
            org, kind="help", text="How do I use AI?", category="skills", department_id=None
        )
        themes.themes_recompute(org)
        assert list(Item.objects.filter(theme__isnull=False)) == [kept]

    def test_a_label_never_carries_what_the_redaction_took_out(self, org):
        for text in JOBS[:3]:
            item = concern(org, f"{text} Mail Jansen")
            # What the pre-redaction finds in the text (here set by hand): the name.
            start = item.text.index("Jansen")
            Item.objects.filter(pk=item.pk).update(
                redactions=[{"kind": "person", "start": start, "end": start + 6}]
            )
        themes.themes_recompute(org)
        theme = Theme.objects.get()
        assert not any("jansen" in term.lower() for term in theme.terms)

    def test_a_recomputed_group_keeps_the_name_a_moderator_gave_it(self, org, lead):
        for text in JOBS[:4]:
            concern(org, text)
        themes.themes_recompute(org)
        theme = Theme.objects.get()
        themes.theme_rename(ctx_for(lead, org), theme=theme, name="Fear for jobs")
        concern(org, JOBS[4])
        themes.themes_recompute(org)
        assert Theme.objects.get().name == "Fear for jobs"
        assert Theme.objects.get().items.count() == 5

    def test_it_keeps_a_moderator_s_theme_an_answered_one_and_a_supported_one(self, org, lead):
        for text in JOBS[:4] + PRIVACY[:4]:
            concern(org, text, category="other", publish=lead)
        themes.themes_recompute(org)
        theme = Theme.objects.get()
        privacy = themes.theme_split(
            ctx_for(lead, org),
            theme=theme,
            item_ids=theme.items.filter(text__in=PRIVACY).values_list("pk", flat=True),
            name="Privacy",
        )
        services.answer_save(ctx_for(lead, org), theme=theme, body="We hear you.")
        members = {t.pk: set(t.items.values_list("pk", flat=True)) for t in Theme.objects.all()}
        themes.themes_recompute(org)
        assert {
            t.pk: set(t.items.values_list("pk", flat=True)) for t in Theme.objects.all()
        } == members
        assert Theme.objects.get(pk=privacy.pk).name == "Privacy"

    def test_it_clusters_forty_concerns(self, org):
        # How long it takes is measured by `koers bench interactive` (voice_themes_s), not here.
        for i in range(40):
            concern(org, JOBS[i % 7] + f" ({i})")
        result = themes.themes_recompute(org)
        assert result.clustered and result.concerns == 40 and result.themes >= 1
        assert not Item.objects.filter(organisation=org, theme=None).exists()


class TestEdits:
    @pytest.fixture
    def two(self, org, lead):
        for text in JOBS[:3]:
            concern(org, text, category="job_security", publish=lead)
        for text in PRIVACY[:3]:
            concern(org, text, category="privacy", publish=lead)
        themes.themes_recompute(org)
        return list(Theme.objects.order_by("pk"))

    def test_a_rename_is_kept_in_the_history(self, org, lead, two):
        themes.theme_rename(ctx_for(lead, org), theme=two[0], name="Jobs")
        change = Change.objects.get(subject="voice.theme", subject_id=two[0].pk)
        assert change.fields == {"name": ["", "Jobs"]}
        assert change.actor == lead

    def test_a_merge_moves_concerns_answers_and_me_toos_and_is_kept_in_the_history(
        self, org, lead, two
    ):
        first, second = two
        employee = make_member(org, Role.MEMBER)
        services.support_toggle(ctx_for(employee, org), theme=first)
        services.support_toggle(ctx_for(employee, org), theme=second)
        services.answer_save(ctx_for(lead, org), theme=first, body="Answered.")
        merged = themes.theme_merge(ctx_for(lead, org), theme=first, into=second)
        assert merged.items.count() == 6 and merged.manual
        assert merged.answers.count() == 1
        assert Support.objects.filter(theme=merged).count() == 1  # still one per person
        assert not Theme.objects.filter(pk=first.pk).exists()
        notes = Change.objects.filter(subject="voice.theme").values_list("note", flat=True)
        assert any("Merged theme" in note for note in notes)
        assert any("Merged into theme" in note for note in notes)

    def test_a_split_takes_the_chosen_concerns_into_a_named_theme_kept_in_the_history(
        self, org, lead, two
    ):
        first = two[0]
        chosen = list(first.items.values_list("pk", flat=True)[:1])
        new = themes.theme_split(
            ctx_for(lead, org), theme=first, item_ids=chosen, name="Translators"
        )
        assert list(new.items.values_list("pk", flat=True)) == chosen
        assert first.items.count() == 2
        assert Change.objects.get(subject="voice.theme", subject_id=new.pk).fields == {
            "name": [None, "Translators"],
            "concerns": [None, 1],
        }

    def test_a_split_needs_a_name_some_concerns_and_leaves_one_behind(self, org, lead, two):
        first = two[0]
        ids = list(first.items.values_list("pk", flat=True))
        for chosen, name in (([], "New"), (ids, "New"), (ids[:1], " ")):
            with pytest.raises(ValidationError):
                themes.theme_split(ctx_for(lead, org), theme=first, item_ids=chosen, name=name)
        assert first.items.count() == 3 and Theme.objects.count() == 2

    def test_only_moderators_edit_themes(self, org, two):
        evangelist = make_member(org, Role.EVANGELIST)
        with pytest.raises(PermissionDenied):
            themes.theme_rename(ctx_for(evangelist, org), theme=two[0], name="Mine")
        with pytest.raises(PermissionDenied):
            themes.themes_recompute_now(ctx_for(evangelist, org))

    def test_another_organisation_s_theme_cannot_be_merged_in(self, org, lead, two):
        other = make_org()
        concern(other, JOBS[0])
        themes.themes_recompute(other)
        with pytest.raises(ValidationError):
            themes.theme_merge(
                ctx_for(lead, org), theme=Theme.objects.get(organisation=other), into=two[0]
            )


class TestDepartmentsOfATheme:
    """No department is named for a theme or a quote with fewer than k concerns behind it, nor
    where subtracting shown counts from the theme's size would tell."""

    def test_a_department_below_k_is_never_named(self, org, lead):
        for text in JOBS[:5]:
            concern(org, text, department=dept(org, "Finance"), publish=lead)
        for text in JOBS[5:7]:
            concern(org, text, department=dept(org, "HR"), publish=lead)
        themes.themes_recompute(org)
        overview = themes.theme_overview(org, published_only=True)
        (summary,) = overview.themes
        assert summary.size == 7
        # Finance has 5 (= k), but naming it would give HR's 2 by subtraction.
        assert summary.departments == []

    def test_departments_with_k_or_more_are_named_with_their_count(self, org, lead):
        texts = JOBS + [t.replace("AI", "the AI") for t in JOBS]
        for text in texts[:5]:
            concern(org, text, department=dept(org, "Finance"), publish=lead)
        for text in texts[5:11]:
            concern(org, text, department=dept(org, "HR"), publish=lead)
        themes.themes_recompute(org)
        (summary,) = themes.theme_overview(org, published_only=True).themes
        assert summary.departments == [("HR", 6), ("Finance", 5)]

    def test_a_quote_s_department_is_shown_by_the_same_rule(self, org, lead):
        small = concern(org, JOBS[0], department=dept(org, "Sales"), publish=lead)
        large = [
            concern(org, text, department=dept(org, "Finance"), publish=lead) for text in JOBS[1:7]
        ]
        themes.themes_recompute(org)
        items = list(Item.objects.all())
        shown = themes.quote_departments(items, k=5)
        assert shown[small.pk] is None
        # Finance's 6 would give Sales' 1 by subtraction from the theme's 7.
        assert all(shown[item.pk] is None for item in large)

    def test_one_more_concern_tells_nothing_of_its_department(self, org, lead):
        """Anonymity over time: the page before and after one new concern is the same whichever
        department it came from; its department counts (and stands beside it) only once k of
        that department's concerns wait in the theme."""
        theme = Theme.objects.create(organisation=org, name="Banen", manual=True)

        def add(name: str, n: int) -> list[Item]:
            made = [
                concern(org, f"{name} {i}", department=dept(org, name), publish=lead)
                for i in range(n)
            ]
            Item.objects.filter(pk__in=[i.pk for i in made]).update(theme=theme)
            return made

        def seen() -> tuple[list[tuple[str, int]], dict[int, int | None]]:
            (summary,) = themes.theme_overview(org, published_only=True).themes
            return summary.departments, themes.quote_departments(Item.objects.all(), 5)

        for name in ("Finance", "HR", "Sales"):
            add(name, 5)
        before, _labels = seen()
        assert before == [("Finance", 5), ("HR", 5), ("Sales", 5)]
        after = {}
        for name in ("HR", "Sales"):
            (new,) = add(name, 1)
            departments, labels = seen()
            after[name] = departments
            assert labels[new.pk] is None
            new.delete()
        assert after["HR"] == after["Sales"]
        hr = add("HR", 5)
        departments, labels = seen()
        assert ("HR", 10) in departments and all(labels[i.pk] == dept(org, "HR").pk for i in hr)

    def test_shown_departments_protects_the_remainder(self):
        # Department 3's two would follow from the total minus 1 and 2: one of them is hidden too.
        assert themes.shown_departments([1] * 5 + [2] * 5 + [3] * 2, 5) == {2: 5}
        assert themes.shown_departments([1] * 6 + [2] * 5 + [3] * 2, 5) == {1: 6}
        assert themes.shown_departments([1] * 5 + [2] * 5 + [3] * 5, 5) == {1: 5, 2: 5, 3: 5}
        # Concerns without a department count as a group of their own.
        assert themes.shown_departments([None] * 5 + [1] * 5, 5) == {1: 5}
        assert themes.shown_departments([None] * 2 + [1] * 5, 5) == {}


class TestOverview:
    def test_it_counts_concerns_per_month_over_the_last_six(self, org, lead):
        today = dt.date(2025, 6, 15)
        for text, day in zip(
            JOBS[:4],
            (dt.date(2025, 6, 1), dt.date(2025, 6, 2), dt.date(2025, 4, 30), dt.date(2024, 12, 1)),
            strict=True,
        ):
            concern(org, text, on=day, publish=lead)
        themes.themes_recompute(org)
        overview = themes.theme_overview(org, published_only=True, today=today)
        assert overview.months[0] == dt.date(2025, 1, 1)
        assert overview.themes[0].months == [0, 0, 0, 1, 0, 2]

    def test_the_public_overview_counts_published_concerns_only(self, org, lead):
        concern(org, JOBS[0], publish=lead)
        concern(org, JOBS[1])
        themes.themes_recompute(org)
        assert themes.theme_overview(org, published_only=True).themes[0].size == 1
        assert themes.theme_overview(org, published_only=False).themes[0].size == 2
