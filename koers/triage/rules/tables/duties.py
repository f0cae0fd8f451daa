"""The AI Act's duties, each with the condition under which it applies: every duty whose condition
holds is listed. Art. 50 (transparency) comes last, with ``TRANSPARENCY``: whether any of its
duties applies."""

from __future__ import annotations

from typing import get_args

from koers.triage.rules.schema import Art50Duty
from koers.triage.rules.tables.classification import (
    AI_SYSTEMS,
    ANNEX_III_AREAS,
    DEPLOYERS,
    HIGH_RISK_FULL,
    IN_SCOPE,
    MODEL_ONLY,
    PROHIBITED,
    PROVIDERS,
)
from koers.triage.rules.tables.conditions import (
    All,
    AnyOf,
    Condition,
    Decided,
    Duty,
    Has,
    Is,
    Not,
    Outcome,
)

# ---------------------------------------------------------------------------------------------
# Value sets
# ---------------------------------------------------------------------------------------------

ART50_DUTIES: tuple[str, ...] = get_args(Art50Duty)

# ---------------------------------------------------------------------------------------------
# Duties
# ---------------------------------------------------------------------------------------------

# A prohibited practice has one duty: stop. A general-purpose AI model on its own is never one
# (the risk table classifies it first), so its duties do not wait for the Art. 5 questions.
PROHIBITED_PRACTICE = All(Not(MODEL_ONLY), PROHIBITED)
ACTIVE = All(IN_SCOPE, Not(PROHIBITED_PRACTICE))


def _role(*roles: str) -> Is:
    return Is("role", *roles)


DUTIES: tuple[Duty, ...] = (
    Duty(
        "art5_prohibited",
        "AI Act Art. 5(1)",
        "Prohibited practice: do not place it on the market, put it into service or use it.",
        All(IN_SCOPE, PROHIBITED_PRACTICE),
    ),
    Duty(
        "art5_safeguards",
        "AI Act Art. 5(2)-(7)",
        "Use under the law-enforcement exception only with prior authorisation by a judicial or "
        "independent authority, a fundamental rights impact assessment, registration and "
        "notification of each use, limited to what is strictly necessary.",
        All(IN_SCOPE, Decided("risk_group", "risk.prohibited_exception")),
    ),
    Duty(
        "art4_literacy",
        "AI Act Art. 4",
        "Take measures to ensure a sufficient level of AI literacy of staff and others who "
        "operate or use the system on your behalf.",
        All(ACTIVE, Outcome("type", *AI_SYSTEMS), _role(*PROVIDERS, "deployer")),
    ),
    Duty(
        "art9_17_provider_requirements",
        "AI Act Art. 9-15, 16, 17",
        "Meet the high-risk requirements: risk management (Art. 9), data governance (Art. 10), "
        "technical documentation (Art. 11), logging (Art. 12), instructions for use (Art. 13), "
        "human oversight (Art. 14), accuracy, robustness and cybersecurity (Art. 15), and a "
        "quality management system (Art. 16, 17).",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
    ),
    Duty(
        "art43_conformity",
        "AI Act Art. 43, 47, 48",
        "Have the conformity assessment done before placing it on the market, draw up the EU "
        "declaration of conformity and affix the CE marking.",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
    ),
    Duty(
        "art49_registration",
        "AI Act Art. 49(1)",
        "Register the system in the EU database before placing it on the market (Annex III "
        "systems; critical infrastructure is registered nationally).",
        All(HIGH_RISK_FULL, Not(Is("annex_i", "section_a", "section_b")), _role(*PROVIDERS)),
    ),
    Duty(
        "art72_73_post_market",
        "AI Act Art. 72, 73",
        "Monitor the system after it is placed on the market and report serious incidents to "
        "the market surveillance authority.",
        All(HIGH_RISK_FULL, _role(*PROVIDERS)),
    ),
    Duty(
        "art26_deployer",
        "AI Act Art. 26",
        "Use it according to the instructions, assign trained human oversight, keep the logs, "
        "monitor it and report risks and incidents, inform workers' representatives before use "
        "at work, and inform people when it makes or helps make decisions about them; public "
        "authorities register their use (Art. 49(3)).",
        All(HIGH_RISK_FULL, _role(*DEPLOYERS)),
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
    ),
    Duty(
        "art23_importer",
        "AI Act Art. 23",
        "Before placing it on the market, verify the provider's conformity assessment, "
        "documentation, CE marking and authorised representative; keep the documentation.",
        All(HIGH_RISK_FULL, _role("importer")),
    ),
    Duty(
        "art24_distributor",
        "AI Act Art. 24",
        "Before making it available, verify the CE marking, the declaration of conformity and "
        "the instructions; do not supply a system you believe does not conform.",
        All(HIGH_RISK_FULL, _role("distributor")),
    ),
    Duty(
        "art2_2_sectoral",
        "AI Act Art. 2(2), 6(1), 102-109",
        "High-risk as a product under Annex I Section B: the AI Act's requirements apply "
        "through that sectoral legislation; follow its conformity procedure.",
        All(IN_SCOPE, Decided("risk_group", "risk.annex_i_section_b")),
    ),
    Duty(
        "art6_4_derogation",
        "AI Act Art. 6(4), 49(2)",
        "Document the assessment that the Annex III system is not high-risk before placing it "
        "on the market, and register it in the EU database.",
        All(IN_SCOPE, Decided("risk_group", "risk.annex_iii_derogation"), _role(*PROVIDERS)),
    ),
    Duty(
        "art53_documentation",
        "AI Act Art. 53(1)(a)-(b)",
        "Draw up and keep the model's technical documentation, and give downstream providers "
        "the information they need (not for open-source models without systemic risk, Art. "
        "53(2)).",
        All(
            ACTIVE,
            Outcome("type", "gpai_model"),
            _role(*PROVIDERS),
            AnyOf(Is("open_source", False), Is("systemic_risk", True)),
        ),
    ),
    Duty(
        "art53_copyright",
        "AI Act Art. 53(1)(c)-(d)",
        "Have a policy to comply with EU copyright law, and publish a sufficiently detailed "
        "summary of the content used for training.",
        All(ACTIVE, Outcome("type", "gpai_model"), _role(*PROVIDERS)),
    ),
    Duty(
        "art55_systemic_risk",
        "AI Act Art. 52, 55",
        "Notify the Commission; evaluate the model including adversarial testing, assess and "
        "mitigate systemic risks, report serious incidents and ensure cybersecurity.",
        All(ACTIVE, Outcome("systemic_risk", True), _role(*PROVIDERS)),
    ),
)

# Art. 50 applies to AI systems unless one of its exceptions does (authorised by law to detect
# or prosecute crime, obvious from the context, assistive editing, evidently artistic or
# satirical work, text under human editorial responsibility); who bears which duty depends on
# the role and the kind of system.
ART50_APPLIES = All(ACTIVE, Outcome("type", *AI_SYSTEMS), Is("art50_exception", False))
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
        All(ART50_APPLIES, ART50_WHO["art50_1_interaction"]),
    ),
    Duty(
        "art50_1_check",
        "AI Act Art. 50(1), 25(1)",
        "Informing people that they interact with an AI system is the provider's duty: check "
        "that the system does so; if you put your name on it or modify it substantially you "
        "become its provider.",
        All(ART50_APPLIES, ART50_WHO["art50_1_check"]),
    ),
    Duty(
        "art50_2_marking",
        "AI Act Art. 50(2)",
        "Mark generated or manipulated audio, image, video or text in a machine-readable format "
        "so that it is detectable as artificially generated.",
        All(ART50_APPLIES, ART50_WHO["art50_2_marking"]),
    ),
    Duty(
        "art50_3_inform",
        "AI Act Art. 50(3)",
        "Inform the people exposed to emotion recognition or biometric categorisation of its "
        "operation.",
        All(ART50_APPLIES, ART50_WHO["art50_3_inform"]),
    ),
    Duty(
        "art50_4_disclose",
        "AI Act Art. 50(4)",
        "Disclose that deepfake content, or text published to inform the public on matters of "
        "public interest, has been artificially generated or manipulated.",
        All(ART50_APPLIES, ART50_WHO["art50_4_disclose"]),
    ),
)
# True when any Art. 50 duty applies: the same conditions, the common part asked once.
TRANSPARENCY = All(ART50_APPLIES, AnyOf(*ART50_WHO.values()))
