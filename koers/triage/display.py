"""The triage in words: answers, outcomes and obligations as the reader sees them, in their
language. Shared by the pages and the XLSX export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.triage.models import AiRole, Dpia, RiskGroup, Transparency
from koers.triage.rules import law
from koers.triage.rules.schema import Facts, Law, Obligation, Result
from koers.triage.rules.tables import duties
from koers.triage.rules.tables.duties import DUTIES
from koers.triage.services import NEEDS_REVIEW, transparency_value
from koers.triage.texts import (
    DONT_KNOW,
    OPTIONS,
    OUTCOME_LABELS,
    TYPE_LABELS,
    Text,
    questions,
)

NOTHING: Text = _("None of these")


def answer_label(key: str, value: Any) -> Text:
    """An answer as the questionnaire words it: "Don't know" for unknown."""
    question = questions().get(key)
    if value is None:
        return DONT_KNOW
    if question is None:
        return str(value)
    if question.kind == "bool":
        return question.option_label("yes" if value else "no")
    if question.kind == "multi":
        return ", ".join(str(question.option_label(v)) for v in value) or NOTHING
    return question.option_label(str(value))


def question_label(key: str) -> Text:
    question = questions().get(key)
    return question.label if question else key


@dataclass(frozen=True)
class Outcome:
    """One line of the result: a label, the value in words and whether it is still open."""

    label: Text
    value: str
    text: Text
    needs_review: bool


def outcome_text(name: str, value: Any) -> Text:
    if value == NEEDS_REVIEW:
        return RiskGroup.NEEDS_REVIEW.label
    labels: dict[str, Any] = {
        "type": TYPE_LABELS,
        "risk_group": dict(RiskGroup.choices),
        "dpia": dict(Dpia.choices),
        "role": dict(AiRole.choices),
        "transparency": dict(Transparency.choices),
    }
    if name in ("systemic_risk", "transparency"):
        return _("Yes") if value in (True, "yes") else _("No")
    if name == "role" and not value:
        return DONT_KNOW
    return labels.get(name, {}).get(value, str(value))


def outcomes(result: Result) -> list[Outcome]:
    values = {
        "risk_group": result.risk_group,
        "type": result.type,
        "role": result.role or "",
        "transparency": transparency_value(result),
        "systemic_risk": result.systemic_risk,
        "dpia": result.dpia,
    }
    return [
        Outcome(OUTCOME_LABELS[name], str(value), outcome_text(name, value), value == NEEDS_REVIEW)
        for name, value in values.items()
    ]


def outcome_names(names: list[str]) -> list[Text]:
    return [OUTCOME_LABELS.get(name, name) for name in names]


# "5", "5(1)", "5(2)-(7)", "53(1)(a)-(b)", "5(1)(ba)-(bb)", "5(1a)-(1b)": an article, a
# paragraph or range, a point or range; a paragraph or point inserted by an amendment carries a
# letter ("1a", "ba").
_REFERENCE = re.compile(
    r"(?P<article>\d+)(?:\((?P<para>\d+[a-z]?)\)(?:-\((?P<para_to>\d+[a-z]?)\))?)?"
    r"(?:\((?P<point>[a-z]{1,2})\)(?:-\((?P<point_to>[a-z]{1,2})\))?)?"
)
# Dutch numbers an inserted paragraph or point with a Latin ordinal: 1a is "1 bis", ba "b bis".
_INSERTED = {"a": "bis", "b": "ter", "c": "quater"}


def _inserted(number: str) -> str:
    if len(number) > 1 and number[-1] in _INSERTED:
        return f"{number[:-1]} {_INSERTED[number[-1]]}"
    return number


# The law's name in the engine's references, its Dutch name, and its article of definitions
# (whose parts are numbered points, not paragraphs).
_LAWS = (("AI Act Art. ", "AI-verordening", "3"), ("GDPR Art. ", "AVG", "4"))


def _dutch_reference(reference: str, definitions: str) -> str:
    match = _REFERENCE.fullmatch(reference)
    if not match or not match["para"]:
        return reference
    part = "punt" if match["article"] == definitions else "lid"
    para = _inserted(match["para"])
    words = f"{match['article']}, {part} {para}"
    if match["para_to"]:
        plural = "punten" if part == "punt" else "leden"
        words = f"{match['article']}, {plural} {para} tot en met {_inserted(match['para_to'])}"
    if match["point"]:
        words += f", onder {_inserted(match['point'])}"
        if match["point_to"]:
            consecutive = ord(match["point_to"][-1]) - ord(match["point"][-1]) == 1
            words += f" {'en' if consecutive else 'tot en met'} {_inserted(match['point_to'])}"
    return words


def dutch_article(article: str) -> str:
    """An article reference as Dutch law writes it: "AI Act Art. 50(1), 25(1)" is
    "AI-verordening art. 50, lid 1; art. 25, lid 1"."""
    for name, dutch, definitions in _LAWS:
        if article.startswith(name):
            references = [
                _dutch_reference(reference, definitions)
                for reference in article.removeprefix(name).split(", ")
            ]
            if any("," in reference for reference in references):
                return f"{dutch} " + "; ".join(f"art. {reference}" for reference in references)
            return f"{dutch} art. " + ", ".join(references)
    return article


def article_label(article: str) -> str:
    """An obligation's legal source in the reader's language."""
    return dutch_article(article) if (get_language() or "").startswith("nl") else article


# The current wording of every duty: a stored obligation in other words (made with older rules)
# shows its own English, not today's translation.
_CURRENT_WORDING = {duty.code: duty.summary.rstrip(".") for duty in DUTIES}


def obligation_summary(obligation: Obligation) -> Text:
    """The obligation in the reader's language when it is translated and worded as the current
    rules word it, else the engine's text as stored."""
    current = _CURRENT_WORDING.get(obligation.code)
    if current is None or not obligation.summary.startswith(current):
        return obligation.summary
    translated = OBLIGATIONS.get(obligation.code)
    if translated is None:
        return obligation.summary
    if obligation.summary.rstrip(".") != current:  # "(if …)": only under some answers
        return format_lazy("{} {}", translated, CONDITIONAL)
    return translated


# An obligation that applies only under some answers to questions still open; the engine's
# English names them ("(if role is provider …)") under "Why".
CONDITIONAL: Text = _("(Only under some answers to the questions still open.)")


def obligation_when(obligation: Obligation, today: date | None = None) -> Text:
    """ "Applies since 2 February 2025", "Applies from 2 December 2027", or that older rules
    gave no date."""
    start = obligation.applies_from
    if start is None:
        return _("No date: made with rules that gave none")
    on = date_format(start, "DATE_FORMAT")
    if start <= (today or clock.today()):
        return _("Applies since %(date)s") % {"date": on}
    return _("Applies from %(date)s") % {"date": on}


# The notes of the rules (koers.triage.rules.tables.duties) in the reader's language, by their
# English text; a note not listed shows in English.
NOTES: dict[str, Text] = {
    duties.EXISTING_HIGH_RISK: _(
        "A system placed on the market or put into service before this date falls under it only "
        "once its design changes significantly; one intended for use by public authorities must "
        "comply by 2 August 2030 (Art. 111(2))."
    ),
    duties.EXISTING_HIGH_RISK_DATED: _(
        "A system placed on the market or put into service before 2 December 2027 (Annex III) "
        "or 2 August 2028 (Annex I) falls under it only once its design changes significantly; "
        "one intended for use by public authorities must comply by 2 August 2030 (Art. 111(2))."
    ),
    duties.SECTION_5_REVIEW: _(
        "The AI Act applies this part from 2 August 2026, but the high-risk classification and "
        "requirements it serves only from 2 December 2027 (Annex III) or 2 August 2028 "
        "(Annex I). The earlier date is the strict reading; have a lawyer confirm which applies."
    ),
    duties.GPAI_EXISTING: _(
        "A model placed on the market before 2 August 2025 must comply by 2 August 2027 "
        "(Art. 111(3))."
    ),
    duties.ART50_2_EXISTING: _(
        "A system placed on the market before 2 August 2026 had until 2 December 2026 "
        "(Art. 111(4))."
    ),
}
DATE_OPEN: Text = _(
    "The earliest possible date: it depends on questions that are not answered yet."
)


def note_text(note: str) -> Text:
    return NOTES.get(note, note)


# The legal texts in the reader's language, by their address; the Official Journal is the
# "Publicatieblad" (PB) in Dutch.
LAW_TITLES: dict[str, Text] = {
    law.ORIGINAL.version: _("AI Act (Regulation (EU) 2024/1689) as published"),
    law.AMENDED.version: _(
        "AI Act (Regulation (EU) 2024/1689) as amended by Regulation (EU) 2026/1744 (Digital "
        "Omnibus on AI)"
    ),
}
SOURCE_TITLES: dict[str, Text] = {
    law.AI_ACT.url: _(
        "Regulation (EU) 2024/1689 of 13 June 2024 laying down harmonised rules on artificial "
        "intelligence (AI Act)"
    ),
    law.OMNIBUS.url: _(
        "Regulation (EU) 2026/1744 of 8 July 2026 amending the AI Act to simplify its "
        "implementation (Digital Omnibus on AI)"
    ),
    law.GDPR.url: _("Regulation (EU) 2016/679 (General Data Protection Regulation)"),
    law.WP248.url: _("EDPB guidelines on the DPIA (WP248 rev.01)"),
    law.AP_LIST.url: _("Dutch DPA: list of processing that always needs a DPIA"),
}


@dataclass(frozen=True)
class LawView:
    version: str
    in_force: date
    title: Text
    sources: list[tuple[Text, str, str]]  # title, Official Journal reference, address
    current: bool


def law_view(found: Law) -> LawView:
    dutch = (get_language() or "").startswith("nl")
    return LawView(
        found.version,
        found.in_force,
        LAW_TITLES.get(found.version, found.title),
        [
            (
                SOURCE_TITLES.get(source.url, source.title),
                source.reference.replace("OJ L", "PB L") if dutch else source.reference,
                source.url,
            )
            for source in found.sources
        ],
        found.version == law.CURRENT.version,
    )


DPIA_RULES: dict[str, Text] = {
    "required": _(
        "Two or more of the nine EDPB criteria, or processing on the Dutch DPA's list: a DPIA is "
        "required (GDPR Art. 35)."
    ),
    "recommended": _(
        "One of the nine EDPB criteria: a DPIA is recommended, and wise to document if you skip it."
    ),
    "not_required": _("None of the nine EDPB criteria and nothing on the Dutch DPA's list."),
    "needs_review": _(
        "Some DPIA questions are answered with 'don't know', and their answer decides the outcome."
    ),
}


def dpia_reasons(facts: Facts, result: Result) -> list[Text]:
    """Why the DPIA outcome is what it is, in the reader's language: the rule, then the criteria
    and list items that were answered (the engine's own English is under "Why")."""
    found: list[Text] = [DPIA_RULES[result.dpia]]
    found += [OPTIONS["edpb_criteria"].get(c, c) for c in facts.edpb_criteria or []]
    found += [OPTIONS["dutch_dpa_list"].get(i, i) for i in facts.dutch_dpa_list or []]
    return found


# Obligations by the engine's code; an obligation not listed here shows the engine's English.
OBLIGATIONS: dict[str, Text] = {
    "art5_prohibited": _("Prohibited practice: do not offer it, put it into service or use it."),
    "art5_safeguards": _(
        "Only with prior permission of a court or independent authority, a fundamental rights "
        "impact assessment, registration and notification of every use, and no more than "
        "strictly necessary."
    ),
    "art5_intimate_content": _(
        "Prohibited practice: a system that makes non-consensual intimate images, video or sound, "
        "or child sexual abuse material, may not be offered, put into service or used."
    ),
    "art5_intimate_content_use": _(
        "Never use or offer it to make non-consensual intimate images, video or sound, or child "
        "sexual abuse material: that is prohibited. Check that the provider's safeguards against "
        "it are in place."
    ),
    "art4_literacy": _(
        "Take measures to support the AI literacy of the people who work with it on your behalf, "
        "suited to their knowledge and the situation (no set level is required of each person)."
    ),
    "art9_17_provider_requirements": _(
        "Meet the high-risk requirements: risk management, data governance, technical "
        "documentation, logging, instructions for use, human oversight, accuracy and security, "
        "and a quality management system."
    ),
    "art43_conformity": _(
        "Have the conformity assessment done before offering it, draw up the EU declaration of "
        "conformity and put the CE marking on it."
    ),
    "art49_registration": _("Register the system in the EU database before offering it."),
    "art72_73_post_market": _(
        "Keep monitoring it once it is in use and report serious incidents to the supervisor."
    ),
    "art26_deployer": _(
        "Use it according to the instructions, have trained people oversee it, keep the logs, "
        "monitor it and report risks and incidents, inform the works council before using it "
        "at work, and tell people when it decides or helps decide about them; public bodies "
        "register their use."
    ),
    "art27_fria": _(
        "Assess the impact on fundamental rights before first use, if you are a public body or "
        "provide public services, or if it assesses creditworthiness or prices life or health "
        "insurance."
    ),
    "art23_importer": _(
        "Before offering it, check the provider's conformity assessment, documentation, CE "
        "marking and representative, and keep the documentation."
    ),
    "art24_distributor": _(
        "Before passing it on, check the CE marking, declaration of conformity and instructions; "
        "do not supply a system you believe does not comply."
    ),
    "art2_2_sectoral": _(
        "High risk as a product under sector legislation: follow that legislation's conformity "
        "procedure, which includes the AI Act's requirements."
    ),
    "art6_4_derogation": _(
        "Document why this system is not high risk before offering it, and show that assessment "
        "to the supervisor on request (it is no longer registered in the EU database)."
    ),
    "art53_documentation": _(
        "Draw up and keep the model's technical documentation and inform the providers who "
        "build on it."
    ),
    "art53_copyright": _(
        "Have a policy to respect EU copyright law and publish a summary of the training content."
    ),
    "art55_systemic_risk": _(
        "Notify the European Commission; evaluate and test the model, reduce systemic risks, "
        "report serious incidents and secure it."
    ),
    "art50_1_interaction": _(
        "Make sure people are told they are dealing with AI, unless that is obvious."
    ),
    "art50_1_check": _(
        "Check that the system tells people they are dealing with AI; if you put your own name "
        "on it or change it substantially, you become its provider."
    ),
    "art50_2_marking": _(
        "Mark generated text, images, sound or video in a machine-readable way as made by AI."
    ),
    "art50_3_inform": _(
        "Tell people when emotion recognition or biometric categorisation is used on them."
    ),
    "art50_4_disclose": _(
        "Disclose that deepfakes, or texts published to inform the public, were made by AI."
    ),
}
