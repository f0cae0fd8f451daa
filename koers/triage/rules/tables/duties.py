"""The AI Act's duties, each with the condition under which it applies: every duty whose condition
holds is listed. Art. 50 (transparency) comes last, with ``TRANSPARENCY``: whether any of its
duties applies."""

from __future__ import annotations

from typing import get_args

from koers.triage.rules import law
from koers.triage.rules.schema import Art50Duty
from koers.triage.rules.tables.classification import (
    AI_SYSTEMS,
    ANNEX_III_AREAS,
    DEPLOYERS,
    GENERATES_MEDIA,
    HIGH_RISK_FULL,
    IN_SCOPE,
    LAW_ENFORCEMENT_EXCEPTION,
    MODEL_ONLY,
    PROHIBITED,
    PROHIBITED_CONTENT,
    PROVIDERS,
)
from koers.triage.rules.tables.conditions import (
    ALWAYS,
    All,
    AnyOf,
    Condition,
    Decided,
    Duty,
    Has,
    Is,
    Not,
    Outcome,
    Start,
)

# ---------------------------------------------------------------------------------------------
# Value sets
# ---------------------------------------------------------------------------------------------

ART50_DUTIES: tuple[str, ...] = get_args(Art50Duty)

# ---------------------------------------------------------------------------------------------
# Duties
# ---------------------------------------------------------------------------------------------

# A prohibited practice has one duty: stop. A general-purpose AI model on its own is never one
# (the risk table classifies it first), so its duties do not wait for the Art. 5 questions. The
# practices added in 2026 come after the law-enforcement exception in the risk table.
PROHIBITED_ORIGINAL = All(Not(MODEL_ONLY), PROHIBITED)
PROHIBITED_ADDED = All(
    Not(MODEL_ONLY), Not(PROHIBITED), Not(LAW_ENFORCEMENT_EXCEPTION), PROHIBITED_CONTENT
)
PROHIBITED_PRACTICE = AnyOf(PROHIBITED_ORIGINAL, PROHIBITED_ADDED)


def _active(*parts: Condition) -> All:
    """In scope, ``parts``, and no prohibited practice (asked last: branches that ``parts``
    already rule out never explore the prohibitions' questions, which keeps the engine fast)."""
    return All(IN_SCOPE, *parts, Not(PROHIBITED_PRACTICE))


def _role(*roles: str) -> Is:
    return Is("role", *roles)


# ---------------------------------------------------------------------------------------------
# From when (AI Act Art. 113 and 111, as amended by Regulation (EU) 2026/1744)
# ---------------------------------------------------------------------------------------------

ART113_A = "AI Act Art. 113, third paragraph, point (a)"
ART113_B = "AI Act Art. 113, third paragraph, point (b)"
ART113_C = f"AI Act Art. 113, third paragraph, point (c), {law.AMENDED_BY}"
ART113_GENERAL = "AI Act Art. 113, second paragraph"

CHAPTERS_I_II = (Start(ALWAYS, law.CHAPTERS_I_II, ART113_A),)
NEW_PROHIBITIONS = (Start(ALWAYS, law.NEW_PROHIBITIONS, f"{ART113_A}, {law.AMENDED_BY}"),)
EXISTING_HIGH_RISK = (
    "A system placed on the market or put into service before this date falls under it only once "
    "its design changes significantly; one intended for use by public authorities must comply by "
    "2 August 2030 (Art. 111(2))."
)
# Chapter III Sections 1-3: by the route that made it high-risk. Annex I Section A products from
# 2 August 2028; Annex III uses, and a practice of Art. 5 allowed under its law-enforcement
# exception (Annex III point 1), from 2 December 2027.
HIGH_RISK = (
    Start(
        Decided("risk_group", "risk.annex_i_section_a"),
        law.ANNEX_I,
        ART113_C,
        transition=EXISTING_HIGH_RISK,
    ),
    Start(ALWAYS, law.ANNEX_III, ART113_C, transition=EXISTING_HIGH_RISK),
)
# Art. 40-49 (Chapter III Section 5) and Chapter IX keep the general date, while the high-risk
# classification and requirements they serve were moved: read strictly, the earlier date.
SECTION_5_REVIEW = (
    "Art. 113 applies this part of the AI Act from 2 August 2026, but the classification and "
    "requirements of high-risk systems it serves only from 2 December 2027 (Annex III) or "
    "2 August 2028 (Annex I). The earlier date is the strict reading; a lawyer should confirm "
    "which applies."
)
EXISTING_HIGH_RISK_DATED = (
    "A system placed on the market or put into service before 2 December 2027 (Annex III) or "
    "2 August 2028 (Annex I) falls under it only once its design changes significantly; one "
    "intended for use by public authorities must comply by 2 August 2030 (Art. 111(2))."
)
HIGH_RISK_GENERAL_DATE = (
    Start(
        ALWAYS,
        law.GENERAL,
        ART113_GENERAL,
        transition=EXISTING_HIGH_RISK_DATED,
        review=SECTION_5_REVIEW,
    ),
)
GPAI_EXISTING = (
    "A model placed on the market before 2 August 2025 must comply by 2 August 2027 (Art. 111(3))."
)
GPAI = (Start(ALWAYS, law.GPAI_MODELS, ART113_B, transition=GPAI_EXISTING),)
ART50 = (Start(ALWAYS, law.GENERAL, ART113_GENERAL),)
ART50_2_EXISTING = (
    "A system placed on the market before 2 August 2026 had until 2 December 2026 (Art. 111(4), "
    "inserted by Regulation (EU) 2026/1744)."
)
ART50_2 = (Start(ALWAYS, law.GENERAL, ART113_GENERAL, transition=ART50_2_EXISTING),)


DUTIES: tuple[Duty, ...] = (
    Duty(
        "art5_prohibited",
        "AI Act Art. 5(1)",
        "Prohibited practice: do not place it on the market, put it into service or use it.",
        All(IN_SCOPE, PROHIBITED_ORIGINAL),
        CHAPTERS_I_II,
    ),
    Duty(
        "art5_intimate_content",
        "AI Act Art. 5(1)(ba)-(bb), 5(1a)-(1b)",
        "Prohibited practice: an AI system that generates or manipulates non-consensual intimate "
        "images, video or audio, or child sexual abuse material, may not be placed on the "
        "market, put into service or used.",
        All(IN_SCOPE, PROHIBITED_ADDED),
        NEW_PROHIBITIONS,
    ),
    Duty(
        "art5_safeguards",
        "AI Act Art. 5(2)-(7)",
        "Use under the law-enforcement exception only with prior authorisation by a judicial or "
        "independent authority, a fundamental rights impact assessment, registration and "
        "notification of each use, limited to what is strictly necessary.",
        All(IN_SCOPE, Decided("risk_group", "risk.prohibited_exception")),
        CHAPTERS_I_II,
    ),
    Duty(
        "art4_literacy",
        "AI Act Art. 4",
        "Take measures to support the AI literacy of your staff and of others who operate or "
        "use the system on your behalf, suited to their knowledge, the context and the people "
        "affected (no set level is required of each person).",
        _active(Outcome("type", *AI_SYSTEMS), _role(*PROVIDERS, "deployer")),
        CHAPTERS_I_II,
    ),
    Duty(
        "art5_intimate_content_use",
        "AI Act Art. 5(1)(ba)-(bb)",
        "Never use or offer it to generate non-consensual intimate images, video or audio, or "
        "child sexual abuse material: that is prohibited. Check that the provider's safeguards "
        "against such output are in place.",
        _active(
            Outcome("type", *AI_SYSTEMS),
            GENERATES_MEDIA,
            Is("intimate_content", "foreseeable"),
            _role("deployer", "importer", "distributor"),
        ),
        NEW_PROHIBITIONS,
    ),
    Duty(
        "art9_17_provider_requirements",
        "AI Act Art. 9-15, 16, 17",
        "Meet the high-risk requirements: risk management (Art. 9), data governance (Art. 10), "
        "technical documentation (Art. 11), logging (Art. 12), instructions for use (Art. 13), "
        "human oversight (Art. 14), accuracy, robustness and cybersecurity (Art. 15), and a "
        "quality management system (Art. 16, 17).",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
        HIGH_RISK,
    ),
    Duty(
        "art43_conformity",
        "AI Act Art. 43, 47, 48",
        "Have the conformity assessment done before placing it on the market, draw up the EU "
        "declaration of conformity and affix the CE marking.",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
        HIGH_RISK_GENERAL_DATE,
    ),
    Duty(
        "art49_registration",
        "AI Act Art. 49(1)",
        "Register the system in the EU database before placing it on the market (Annex III "
        "systems; critical infrastructure is registered nationally).",
        All(HIGH_RISK_FULL, Not(Is("annex_i", "section_a", "section_b")), _role(*PROVIDERS)),
        HIGH_RISK_GENERAL_DATE,
    ),
    Duty(
        "art72_73_post_market",
        "AI Act Art. 72, 73",
        "Monitor the system after it is placed on the market and report serious incidents to "
        "the market surveillance authority.",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
        HIGH_RISK_GENERAL_DATE,
    ),
    Duty(
        "art26_deployer",
        "AI Act Art. 26",
        "Use it according to the instructions, assign trained human oversight, keep the logs, "
        "monitor it and report risks and incidents, inform workers' representatives before use "
        "at work, and inform people when it makes or helps make decisions about them; public "
        "authorities register their use (Art. 49(3)).",
        All(HIGH_RISK_FULL, _role(*DEPLOYERS)),
        HIGH_RISK,
    ),
    Duty(
        "art27_fria",
        "AI Act Art. 27",
        "Fundamental rights impact assessment before first use: required if you are a body "
        "governed by public law or a private entity providing public services, or if the system "
        "assesses creditworthiness or prices life or health insurance (Annex III 5(b), 5(c)).",
        All(
            HIGH_RISK_FULL,
            _role(*DEPLOYERS),
            Is("annex_iii_area", *(a for a in ANNEX_III_AREAS if a != "critical_infrastructure")),
        ),
        HIGH_RISK,
    ),
    Duty(
        "art23_importer",
        "AI Act Art. 23",
        "Before placing it on the market, verify the provider's conformity assessment, "
        "documentation, CE marking and authorised representative; keep the documentation.",
        All(HIGH_RISK_FULL, _role("importer")),
        HIGH_RISK,
    ),
    Duty(
        "art24_distributor",
        "AI Act Art. 24",
        "Before making it available, verify the CE marking, the declaration of conformity and "
        "the instructions; do not supply a system you believe does not conform.",
        All(HIGH_RISK_FULL, _role("distributor")),
        HIGH_RISK,
    ),
    Duty(
        "art2_2_sectoral",
        "AI Act Art. 2(2), 6(1), 102-109",
        "High-risk as a product under Annex I Section B: the AI Act's requirements apply "
        "through that sectoral legislation; follow its conformity procedure.",
        All(IN_SCOPE, Decided("risk_group", "risk.annex_i_section_b")),
        (Start(ALWAYS, law.ANNEX_I, ART113_C, transition=EXISTING_HIGH_RISK),),
    ),
    Duty(
        "art6_4_derogation",
        "AI Act Art. 6(4)",
        "Document the assessment that the Annex III system is not high-risk before placing it "
        "on the market or putting it into service, and show it to the national competent "
        "authority on request (it is no longer registered in the EU database).",
        All(IN_SCOPE, Decided("risk_group", "risk.annex_iii_derogation"), _role(*PROVIDERS)),
        (Start(ALWAYS, law.ANNEX_III, ART113_C),),
    ),
    Duty(
        "art53_documentation",
        "AI Act Art. 53(1)(a)-(b)",
        "Draw up and keep the model's technical documentation, and give downstream providers "
        "the information they need (not for open-source models without systemic risk, Art. "
        "53(2)).",
        _active(
            Outcome("type", "gpai_model"),
            _role(*PROVIDERS),
            AnyOf(Is("open_source", False), Is("systemic_risk", True)),
        ),
        GPAI,
    ),
    Duty(
        "art53_copyright",
        "AI Act Art. 53(1)(c)-(d)",
        "Have a policy to comply with EU copyright law, and publish a sufficiently detailed "
        "summary of the content used for training.",
        _active(Outcome("type", "gpai_model"), _role(*PROVIDERS)),
        GPAI,
    ),
    Duty(
        "art55_systemic_risk",
        "AI Act Art. 52, 55",
        "Notify the Commission; evaluate the model including adversarial testing, assess and "
        "mitigate systemic risks, report serious incidents and ensure cybersecurity.",
        _active(Outcome("systemic_risk", True), _role(*PROVIDERS)),
        GPAI,
    ),
)

# Art. 50 applies to AI systems unless one of its exceptions does (authorised by law to detect
# or prosecute crime, obvious from the context, assistive editing, evidently artistic or
# satirical work, text under human editorial responsibility); who bears which duty depends on
# the role and the kind of system.
ART50_APPLIES = (Outcome("type", *AI_SYSTEMS), Is("art50_exception", False))
ART50_WHO: dict[str, Condition] = {
    "art50_1_interaction": All(_role(*PROVIDERS), Has("art50", "interacts_with_people")),
    "art50_1_check": All(_role("deployer"), Has("art50", "interacts_with_people")),
    "art50_2_marking": All(_role(*PROVIDERS), Has("art50", "synthetic_content")),
    "art50_3_inform": All(
        _role(*DEPLOYERS), Has("art50", "emotion_recognition", "biometric_categorisation")
    ),
    "art50_4_disclose": All(_role(*DEPLOYERS), Has("art50", "deepfake", "public_interest_text")),
}
DUTIES += (
    Duty(
        "art50_1_interaction",
        "AI Act Art. 50(1)",
        "Design it so that people are informed that they are interacting with an AI system, "
        "unless that is obvious.",
        _active(*ART50_APPLIES, ART50_WHO["art50_1_interaction"]),
        ART50,
    ),
    Duty(
        "art50_1_check",
        "AI Act Art. 50(1), 25(1)",
        "Informing people that they interact with an AI system is the provider's duty: check "
        "that the system does so; if you put your name on it or modify it substantially you "
        "become its provider.",
        _active(*ART50_APPLIES, ART50_WHO["art50_1_check"]),
        ART50,
    ),
    Duty(
        "art50_2_marking",
        "AI Act Art. 50(2)",
        "Mark generated or manipulated audio, image, video or text in a machine-readable format "
        "so that it is detectable as artificially generated.",
        _active(*ART50_APPLIES, ART50_WHO["art50_2_marking"]),
        ART50_2,
    ),
    Duty(
        "art50_3_inform",
        "AI Act Art. 50(3)",
        "Inform the people exposed to emotion recognition or biometric categorisation of its "
        "operation.",
        _active(*ART50_APPLIES, ART50_WHO["art50_3_inform"]),
        ART50,
    ),
    Duty(
        "art50_4_disclose",
        "AI Act Art. 50(4)",
        "Disclose that deepfake content, or text published to inform the public on matters of "
        "public interest, has been artificially generated or manipulated.",
        _active(*ART50_APPLIES, ART50_WHO["art50_4_disclose"]),
        ART50,
    ),
)
# True when any Art. 50 duty applies: the same conditions, the common part asked once.
TRANSPARENCY = _active(*ART50_APPLIES, AnyOf(*ART50_WHO.values()))
