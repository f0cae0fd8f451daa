"""The "you said, we did" page for every employee: the published themes and concerns, with the
answers and the actions taken, and how many said "me too".

Only what moderators published is read here: ``public_text``, never ``text``; no new, withheld
or help item. A department is named only where the minimum-group-size rule allows it
(``themes.quote_departments``, ``themes.shown_departments``). "Me too" shows a count, and to each
person only whether they support something themselves."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.voice import selectors
from koers.voice.models import Action, Answer, Category, Item, Support, Theme
from koers.voice.services import themes

DONE = "done"
STATUS_FILTERS = (
    (selectors.ANSWERED, _("Answered")),
    (selectors.OPEN, _("Not yet answered")),
    (DONE, _("Action done")),
)


@dataclass
class Shown:
    """A published concern or theme as the page shows it."""

    subject: Item | Theme
    answers: list[Answer] = field(default_factory=list)
    support: int = 0
    mine: bool = False  # the reader supports it
    department: str = ""  # only where the rule allows
    size: int = 0  # a theme's published concerns
    departments: list[tuple[str, int]] = field(default_factory=list)  # a theme's, by the rule

    @property
    def label(self) -> str:
        return self.subject.label if isinstance(self.subject, Theme) else ""

    @property
    def actions(self) -> list[Action]:
        seen: dict[int, Action] = {}
        for answer in self.answers:
            for action in answer.actions.all():
                seen.setdefault(action.pk, action)
        return sorted(seen.values(), key=lambda a: (a.due_on is None, a.due_on, a.pk))

    @property
    def done(self) -> bool:
        return any(a.status == Action.ActionStatus.DONE for a in self.actions)


@dataclass
class SaidDid:
    themes: list[Shown]
    concerns: list[Shown]
    k: int


def _answers(organisation_id: int, items: list[Item]) -> tuple[dict[int, list], dict[int, list]]:
    theme_ids = {item.theme_id for item in items if item.theme_id}
    answers = Answer.objects.filter(organisation_id=organisation_id).prefetch_related("actions")
    by_item: dict[int, list[Answer]] = defaultdict(list)
    by_theme: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers.filter(item_id__in=[i.pk for i in items]):
        by_item[answer.item_id or 0].append(answer)
    for answer in answers.filter(theme_id__in=theme_ids):
        by_theme[answer.theme_id or 0].append(answer)
    return by_item, by_theme


def said_did(ctx: OrgContext, *, category: str = "", status: str = "") -> SaidDid:
    ctx.require(Perm.VIEW)
    organisation = ctx.organisation
    k = selectors.k_of(organisation)
    everything = list(selectors.published_items(organisation))
    departments = themes.quote_departments(everything, k)
    chosen = list(
        selectors.published_items(
            organisation,
            category=category if category in Category.values else None,
            status=status if status in (selectors.ANSWERED, selectors.OPEN) else None,
        )
    )
    by_item, by_theme = _answers(organisation.pk, everything)
    counts = selectors.support_counts(chosen)
    mine = selectors.supported_by(ctx, chosen)
    names = {i.department_id: i.department.name for i in everything if i.department}
    concerns = []
    for item in chosen:
        shown_department = departments.get(item.pk)
        concerns.append(
            Shown(
                subject=item,
                answers=by_item.get(item.pk, []) + by_theme.get(item.theme_id or 0, []),
                support=counts.get(item.pk, 0),
                mine=item.pk in mine,
                department=names.get(shown_department, "") if shown_department else "",
            )
        )
    if status == DONE:
        concerns = [c for c in concerns if c.done]

    members: dict[int, list[Item]] = defaultdict(list)
    for item in everything:
        if item.theme_id:
            members[item.theme_id].append(item)
    wanted = {c.subject.theme_id for c in concerns if isinstance(c.subject, Item)}
    public_themes = (
        Theme.objects.filter(organisation=organisation, pk__in=[t for t in wanted if t])
        .annotate(support=Count("supports"))
        .order_by("pk")
    )
    my_themes = set(
        Support.objects.filter(
            membership_id=ctx.membership.pk, theme__in=public_themes
        ).values_list("theme_id", flat=True)
    )
    shown_themes = []
    for theme in public_themes:
        allowed = themes.departments_of(members[theme.pk], k)
        shown_themes.append(
            Shown(
                subject=theme,
                answers=by_theme.get(theme.pk, []),
                support=theme.support,
                mine=theme.pk in my_themes,
                size=len(members[theme.pk]),
                departments=sorted(
                    ((names[d], n) for d, n in allowed.items()), key=lambda dn: (-dn[1], dn[0])
                ),
            )
        )
    shown_themes.sort(key=lambda s: (-s.size, s.label.lower()))
    return SaidDid(themes=shown_themes, concerns=concerns, k=k)
