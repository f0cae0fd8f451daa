"""The triage questionnaire as data: one question per fact, in the order they are asked.

The texts are plain English; the web app translates them by ``key`` (and options by
``key``/value), so keys and option values are stable: :data:`KEYS` and :data:`OPTIONS`.

A question is asked only when its conditions (``ask_when``) hold for the answers so far. A
condition names a fact and the answers that make the question worth asking, and whether to ask
while that fact is still unknown. The AI Act questions are skipped once the use case is out of
the Act's scope; the two GDPR questions are always asked, because the GDPR applies either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from koers.triage.rules.evaluation import DOMAINS
from koers.triage.rules.schema import Facts
from koers.triage.rules.tables.classification import ANNEX_III_AREAS, PROVIDERS
from koers.triage.rules.tables.dpia import AP_LIST, DUTCH_DPA_LIST, EDPB_CRITERIA
from koers.triage.rules.tables.duties import ART50_DUTIES

Kind = Literal["choice", "yes_no", "multiple"]


@dataclass(frozen=True)
class When:
    """Ask only if ``fact`` is one of ``values`` (for a list: contains one of them); while the
    fact is unknown, ask if ``if_unknown``."""

    fact: str
    values: tuple[Any, ...]
    if_unknown: bool = True

    def holds(self, facts: Facts) -> bool:
        answer = getattr(facts, self.fact)
        if answer is None:
            return self.if_unknown
        if isinstance(answer, list):
            return any(item in self.values for item in answer)
        return answer in self.values


@dataclass(frozen=True)
class Either:
    """Ask if any of ``conditions`` holds."""

    conditions: tuple[When, ...]

    def holds(self, facts: Facts) -> bool:
        return any(condition.holds(facts) for condition in self.conditions)


@dataclass(frozen=True)
class Question:
    key: str  # the fact it establishes
    text: str
    help: str
    kind: Kind
    options: tuple[str, ...]  # the possible answers (for yes_no: true, false)
    source: str
    ask_when: tuple[When | Either, ...] = ()

    def relevant(self, facts: Facts) -> bool:
        return all(condition.holds(facts) for condition in self.ask_when)


def _others(fact: str, *excluded: Any) -> tuple[Any, ...]:
    return tuple(value for value in DOMAINS[fact] if value not in excluded)


# An AI system, or a general-purpose AI model on its own, which is none but is within the Act
# for its provider (Art. 2(1)(a)): "not an AI system" must not skip the model questions.
AI_OR_MODEL = Either((When("is_ai_system", (True,)), When("gpai", ("model",), if_unknown=False)))
# Asked only while the use case is (possibly) an AI system within the AI Act.
IN_SCOPE = (
    When("is_ai_system", (True,)),
    When("art2_exclusion", (False,)),
    When("role", _others("role", "none")),
)
# The same for a model: within the Act, whether or not it is an AI system.
MAYBE_A_MODEL = IN_SCOPE[1:]
NOT_PROHIBITED = (When("prohibited_practice", (False,)),)
NOT_A_MODEL = (When("gpai", ("none", "system")),)
YES_NO = ("true", "false")

QUESTIONS: tuple[Question, ...] = (
    Question(
        "is_ai_system",
        "Is it an AI system: a machine-based system that infers from its input how to generate "
        "predictions, content, recommendations or decisions?",
        "Answer yes for a system built on machine learning or a language model. A "
        "general-purpose AI model on its own (the model a provider trains and offers, not a "
        "product built on it) is not an AI system: answer no, and 'model' to the question "
        "about general-purpose AI. Plain rule-based software written entirely by people is "
        "not an AI system.",
        "yes_no",
        YES_NO,
        "AI Act Art. 3(1), recital 12",
    ),
    Question(
        "gpai",
        "Is it a general-purpose AI model itself, or a system offered for many purposes built on "
        "one?",
        "A general-purpose AI model (such as a large language model) can do many different "
        "tasks. Choose 'system' for a general-purpose chat or assistant product built on such a "
        "model, 'none' for a system made for a specific purpose.",
        "choice",
        DOMAINS["gpai"],
        "AI Act Art. 3(63), 3(66)",
    ),
    Question(
        "art2_exclusion",
        "Is it used only for military, defence or national security, for scientific research, "
        "for research and development before it is put on the market, or for personal "
        "non-professional use?",
        "These uses are outside the AI Act. Testing in real-world conditions is not excluded.",
        "yes_no",
        YES_NO,
        "AI Act Art. 2(3), 2(4), 2(6), 2(8), 2(10)",
        (AI_OR_MODEL,),
    ),
    Question(
        "role",
        "What is your organisation's role?",
        "Provider: you develop it (or have it developed) and offer or use it under your own name. "
        "Deployer: you use a system made by someone else. Importer or distributor: you bring a "
        "system made outside the EU to the market, or sell it on.",
        "choice",
        DOMAINS["role"],
        "AI Act Art. 3(3)-(7), 25",
        (AI_OR_MODEL, When("art2_exclusion", (False,))),
    ),
    Question(
        "prohibited_practice",
        "Does it do any of the practices the AI Act prohibits?",
        "Manipulation or exploiting vulnerabilities causing harm, social scoring, predicting "
        "crime from profiling alone, untargeted scraping of facial images, emotion recognition "
        "at work or in education, biometric categorisation by sensitive traits, or real-time "
        "remote biometric identification in public spaces for law enforcement.",
        "yes_no",
        YES_NO,
        "AI Act Art. 5(1)",
        IN_SCOPE,
    ),
    Question(
        "prohibited_exception",
        "Is it used by law enforcement under one of the exceptions of Art. 5?",
        "Real-time remote biometric identification only to search for victims or missing "
        "persons, to prevent an imminent threat to life or a terrorist attack, or to locate "
        "suspects of serious crimes, with prior authorisation.",
        "yes_no",
        YES_NO,
        "AI Act Art. 5(1)(h), 5(2)-(7)",
        (*IN_SCOPE, When("prohibited_practice", (True,), if_unknown=False)),
    ),
    Question(
        "systemic_risk",
        "Does the model have systemic risk (high-impact capabilities, or designated so by the "
        "Commission)?",
        "Presumed when the cumulative training compute exceeds the threshold of Art. 51(2).",
        "yes_no",
        YES_NO,
        "AI Act Art. 51",
        (*MAYBE_A_MODEL, When("gpai", ("model",), if_unknown=False)),
    ),
    Question(
        "open_source",
        "Is the model released under a free and open-source licence, with its parameters, "
        "architecture and usage information public?",
        "Open-source models without systemic risk are exempt from some documentation duties.",
        "yes_no",
        YES_NO,
        "AI Act Art. 53(2)",
        (
            *MAYBE_A_MODEL,
            When("gpai", ("model",), if_unknown=False),
            When("role", PROVIDERS),
        ),
    ),
    Question(
        "annex_i",
        "Is it a product, or a safety component of a product, covered by the EU product "
        "legislation of Annex I that needs a third-party conformity assessment?",
        "Section A: for example machinery, toys, lifts, radio equipment, medical devices. "
        "Section B: for example cars, aviation, railways, marine equipment.",
        "choice",
        DOMAINS["annex_i"],
        "AI Act Art. 6(1), Annex I",
        (*IN_SCOPE, *NOT_PROHIBITED, *NOT_A_MODEL),
    ),
    Question(
        "annex_iii_area",
        "Is it used in one of the high-risk areas of Annex III?",
        "Biometrics; critical infrastructure; education (admission, assessment, proctoring); "
        "employment (recruitment, selection, promotion, task allocation, monitoring); essential "
        "services (public benefits, creditworthiness, life and health insurance, emergency "
        "calls); law enforcement; migration, asylum and border control; justice and democratic "
        "processes.",
        "choice",
        DOMAINS["annex_iii_area"],
        "AI Act Art. 6(2), Annex III",
        (*IN_SCOPE, *NOT_PROHIBITED, *NOT_A_MODEL),
    ),
    Question(
        "profiling",
        "Does it profile people: evaluate personal aspects such as performance at work, "
        "economic situation, health, preferences, behaviour or location?",
        "Profiling as defined in the GDPR. An Annex III system that profiles is always high-risk.",
        "yes_no",
        YES_NO,
        "AI Act Art. 6(3) last subparagraph; GDPR Art. 4(4)",
        (
            *IN_SCOPE,
            *NOT_PROHIBITED,
            *NOT_A_MODEL,
            When("annex_iii_area", ANNEX_III_AREAS),
        ),
    ),
    Question(
        "art6_3_derogation",
        "Does it only do a narrow procedural task, improve the result of a completed human "
        "activity, detect patterns without replacing human assessment, or prepare an "
        "assessment?",
        "Then an Annex III system is not high-risk, provided it does not profile people. The "
        "provider documents this assessment.",
        "yes_no",
        YES_NO,
        "AI Act Art. 6(3)",
        (
            *IN_SCOPE,
            *NOT_PROHIBITED,
            *NOT_A_MODEL,
            When("annex_iii_area", ANNEX_III_AREAS, if_unknown=False),
            When("profiling", (False,)),
        ),
    ),
    Question(
        "art50",
        "Which of these does it do?",
        "Talk or chat with people; generate text, images, audio or video; make deepfakes; "
        "recognise emotions; sort people by biometric traits; write texts published to inform "
        "the public.",
        "multiple",
        ART50_DUTIES,
        "AI Act Art. 50",
        (*IN_SCOPE, *NOT_PROHIBITED, *NOT_A_MODEL),
    ),
    Question(
        "art50_exception",
        "Does an exception of Art. 50 apply?",
        "It is obvious to people that they deal with an AI system; it only assists standard "
        "editing; it is authorised by law to detect or prosecute crime; or the text is reviewed "
        "by a person who carries editorial responsibility.",
        "yes_no",
        YES_NO,
        "AI Act Art. 50(1)-(4)",
        (
            *IN_SCOPE,
            *NOT_PROHIBITED,
            *NOT_A_MODEL,
            When("art50", ART50_DUTIES, if_unknown=False),
        ),
    ),
    Question(
        "intimate_content",
        "Could it generate or manipulate sexual or intimate images, video or audio of real people "
        "without their consent, or child sexual abuse material?",
        "Prohibited from 2 December 2026: systems meant for this, and for their provider also "
        "systems for which such output is a reasonably foreseeable result because adequate "
        "safeguards are missing.",
        "choice",
        DOMAINS["intimate_content"],
        "AI Act Art. 5(1)(ba)-(bb), 5(1a)-(1b), inserted by Regulation (EU) 2026/1744",
        (
            *IN_SCOPE,
            *NOT_PROHIBITED,
            *NOT_A_MODEL,
            When("art50", ("synthetic_content", "deepfake"), if_unknown=False),
        ),
    ),
    Question(
        "edpb_criteria",
        "Which of these apply to the processing of personal data?",
        "The nine criteria of the European data protection authorities. Two or more: a DPIA is "
        "required as a rule of thumb; one: recommended. None if no personal data is processed.",
        "multiple",
        EDPB_CRITERIA,
        "GDPR Art. 35(1); WP248 rev.01",
    ),
    Question(
        "dutch_dpa_list",
        "Is the processing on the Dutch DPA's list of processing that always needs a DPIA?",
        "For example health data, employee monitoring, profiling, credit scores, camera "
        "surveillance, location data or biometric identification. Any item: a DPIA is required.",
        "multiple",
        tuple(DUTCH_DPA_LIST),
        AP_LIST,
    ),
)

KEYS: tuple[str, ...] = tuple(question.key for question in QUESTIONS)
OPTIONS: dict[str, tuple[str, ...]] = {question.key: question.options for question in QUESTIONS}
BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}


def relevant_questions(facts: Facts) -> list[str]:
    """The keys of the questions worth asking given the answers so far, in order."""
    return [question.key for question in QUESTIONS if question.relevant(facts)]
