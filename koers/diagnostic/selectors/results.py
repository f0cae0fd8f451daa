"""The results of a scan wave, with every figure behind the anonymity threshold.

``wave_results`` reads the wave's tallies (``Tally``, kept up to date as answers come in) and hands
plain data to ``results_from``, which is pure (no database) so property tests can feed it random
response sets; only free text is read from the responses, and only for the cells where it is shown.
The rules (``koers.diagnostic.stats``):

* the publishable cells of the respondent counts are computed once per wave and bound every
  figure: participation, barrier scores, the heat map, the gap, items and free text;
* a figure that rests on a subset of the respondents (an item, a barrier: "don't know" is left
  out) is shown only in the cells publishable both for the respondents and for its own counts;
* a respondent without a department or role group counts in an explicit "unknown" group, so the
  margins stay sums of their parts;
* free text is shown for the organisation or a published department, never per role group;
* over time (``services.release``): an open wave shows participation only, unless it has live
  results, whose figures come from tallies released in steps of at least k per base cell; free
  text only once the wave is no longer open.

The parts live beside this module: ``result_shapes`` (what the results are, and their export),
``result_cells`` (the cells, their counts and the suppression), ``result_figures``
(``results_from``) and ``open_answers`` (the same written answer counted once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import get_language

from koers.diagnostic.models import Response, Wave
from koers.diagnostic.selectors.result_figures import results_from
from koers.diagnostic.selectors.result_shapes import UNKNOWN, TextSource, WaveResults
from koers.diagnostic.services import definition_of, release, scan_settings
from koers.diagnostic.services.tallies import RESPONDENTS, Tallies
from koers.diagnostic.services.tallies import written as _written
from koers.orgs.models import Department
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext


def wave_results(ctx: OrgContext, wave: Wave, *, figures: bool = True) -> WaveResults:
    """The wave's results for a lead or admin of its organisation. ``figures=False``: only who
    answered (the wave's own page), which publishes no figure."""
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise Wave.DoesNotExist
    k = scan_settings(ctx.organisation).min_respondents
    language = "nl" if (get_language() or "").startswith("nl") else "en"
    departments = _audience_departments(wave)
    names = {str(d.pk): d.name for d in departments}
    sent = wave.invitations.filter(sent_on__isnull=False)
    invited: Counter[str] = Counter(
        _department_key(pk) for pk in sent.values_list("department_id", flat=True)
    )
    used: Counter[str] = Counter(
        _department_key(pk) for pk in sent.filter(used=True).values_list("department_id", flat=True)
    )
    live, shown = _published(wave, k) if figures else (release.live_tallies(wave), None)
    previous = (
        Wave.objects.filter(organisation=wave.organisation, opens_on__lte=wave.opens_on)
        .exclude(pk=wave.pk)
        .exclude(opens_on=wave.opens_on, pk__gt=wave.pk)
        .select_related("version")
        .first()
    )
    earlier = _published(previous, k)[1] if previous is not None and shown is not None else None
    results = results_from(
        instrument=definition_of(wave.version),
        tallies=shown if shown is not None else Tallies(),
        texts=_stored_texts(wave),
        departments=list(names),
        invited=invited,
        used=used,
        k=k,
        language=language,
        previous=(
            (definition_of(previous.version), earlier, _audience(previous))
            if previous is not None and earlier is not None
            else None
        ),
        answered=live.counts(RESPONDENTS),
    )
    results.department_names.update(names)
    results.wave, results.previous_wave = wave, previous
    results.withheld, results.live = shown is None and figures, wave.live_results
    if not _closed(wave):
        # Written answers are shown once the wave is no longer open, never as they come in: a
        # new one beside the moment it appeared could say who wrote it.
        results.texts, results.texts_later = [], True
    return results


def _closed(wave: Wave) -> bool:
    return wave.status != Wave.Status.OPEN


def _published(wave: Wave, k: int) -> tuple[Tallies, Tallies | None]:
    """(every answer's tallies, the tallies its figures may show; None: none yet)."""
    if wave.live_results:
        return release.results_release(wave, k=k)
    live = release.live_tallies(wave)
    if not _closed(wave):
        return live, None
    if live.counts(RESPONDENTS):
        release.final_published_mark(wave)
    return live, live


def _audience_departments(wave: Wave) -> list[Department]:
    """The departments a wave asked: its own list, or every department of the organisation."""
    return list(wave.departments.order_by("name")) or list(
        wave.organisation.departments.order_by("name")
    )


def _audience(wave: Wave) -> list[str]:
    return [str(d.pk) for d in _audience_departments(wave)]


def _department_key(pk: int | None) -> str:
    return UNKNOWN if pk is None else str(pk)


def _stored_texts(wave: Wave) -> TextSource:
    """Reads the written answers of the departments asked for (None: all), and only those."""

    def read(
        questions: Sequence[str], departments: set[str] | None
    ) -> list[tuple[str, dict[str, str]]]:
        responses = Response.objects.filter(wave=wave, answers__has_any_keys=list(questions))
        if departments is not None:
            chosen = Q(department_id__in=[int(d) for d in departments if d != UNKNOWN])
            if UNKNOWN in departments:
                chosen |= Q(department__isnull=True)
            responses = responses.filter(chosen)
        fields = [KeyTextTransform(q, "answers") for q in questions]
        return [
            (
                _department_key(department),
                {q: text for q, text in zip(questions, texts, strict=True) if _written(text)},
            )
            for department, *texts in responses.values_list("department_id", *fields).order_by()
        ]

    return read
