"""The triage rules as data: decision tables and duties, each citing its legal source.

How to read them
    A *table* decides one outcome. Its rules are tried from top to bottom and the first whose
    condition holds decides; the last rule of every table holds always ("otherwise"). A *duty* is
    one obligation with the condition under which it applies; every duty whose condition holds is
    listed. Conditions speak about the facts of :class:`koers.triage.rules.schema.Facts` and about
    the
    outcome of another table (``Outcome``) or the rule that decided it (``Decided``).

    Unknown facts are handled by the engine, not here (see :mod:`koers.triage.rules.engine`): a
    rule is
    written as if every fact were known.

Dates and deadlines are kept out on purpose: they change, and the duties below do not depend on
when they apply. :func:`rules_markdown` renders everything as the rule table in docs/triage.md.

Sources
    AI Act: Regulation (EU) 2024/1689. GDPR: Regulation (EU) 2016/679. WP248 rev.01: Article 29
    Working Party, Guidelines on Data Protection Impact Assessment (endorsed by the EDPB). AP list:
    Autoriteit Persoonsgegevens, Besluit inzake lijst van verwerkingen van persoonsgegevens
    waarvoor een DPIA verplicht is (Staatscourant 2019, 64418).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias, get_args

from koers.triage.rules.schema import AnnexIIIArea, Art50Duty, EdpbCriterion

# ---------------------------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Is:
    """The fact has one of these values."""

    fact: str
    values: tuple[Any, ...]

    def __init__(self, fact: str, *values: Any) -> None:
        object.__setattr__(self, "fact", fact)
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class Has:
    """The list fact contains at least one of these items."""

    fact: str
    items: tuple[str, ...]

    def __init__(self, fact: str, *items: str) -> None:
        object.__setattr__(self, "fact", fact)
        object.__setattr__(self, "items", items)


@dataclass(frozen=True)
class AtLeast:
    """The list fact contains at least ``count`` of its possible items."""

    fact: str
    count: int


@dataclass(frozen=True)
class NonEmpty:
    """The list fact has any item at all (for lists whose items are not a closed set)."""

    fact: str


@dataclass(frozen=True)
class Outcome:
    """Another table decided one of these values."""

    table: str
    values: tuple[Any, ...]

    def __init__(self, table: str, *values: Any) -> None:
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class Decided:
    """Another table was decided by one of these rules."""

    table: str
    rules: tuple[str, ...]

    def __init__(self, table: str, *rules: str) -> None:
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "rules", rules)


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def __init__(self, *parts: Condition) -> None:
        object.__setattr__(self, "parts", parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def __init__(self, *parts: Condition) -> None:
        object.__setattr__(self, "parts", parts)


@dataclass(frozen=True)
class Not:
    part: Condition


Condition: TypeAlias = Is | Has | AtLeast | NonEmpty | Outcome | Decided | All | AnyOf | Not

ALWAYS = All()


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    then: Any
    text: str  # why, in one English sentence
    source: str


@dataclass(frozen=True)
class Table:
    name: str  # the outcome it decides
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Duty:
    code: str
    article: str
    summary: str
    when: Condition


# ---------------------------------------------------------------------------------------------
# Value sets
# ---------------------------------------------------------------------------------------------

ANNEX_III_AREAS: tuple[str, ...] = tuple(a for a in get_args(AnnexIIIArea) if a != "none")
ART50_DUTIES: tuple[str, ...] = get_args(Art50Duty)
EDPB_CRITERIA: tuple[str, ...] = get_args(EdpbCriterion)

PROVIDERS = ("provider", "provider_and_deployer")
DEPLOYERS = ("deployer", "provider_and_deployer")
AI_SYSTEMS = ("ai_system", "gpai_system")

# The items of the Dutch DPA's list (AP list), with the English name used in reasons.
DUTCH_DPA_LIST: dict[str, str] = {
    "covert_investigation": "large-scale or systematic covert investigation (heimelijk onderzoek)",
    "blacklists": "blacklists and warning lists (zwarte lijsten)",
    "fraud_prevention": "large-scale fraud prevention (fraudebestrijding)",
    "credit_scores": "credit scores (creditscores)",
    "financial_situation": "large-scale use of financial data (financiële situatie)",
    "genetic_data": "large-scale genetic data (genetische persoonsgegevens)",
    "health_data": "health data (gezondheidsgegevens)",
    "partnerships": "sharing special-category data in partnerships (samenwerkingsverbanden)",
    "camera_surveillance": "large-scale or systematic camera surveillance (cameratoezicht)",
    "flexible_camera_surveillance": "flexible camera surveillance (flexibel cameratoezicht)",
    "employee_monitoring": "systematic monitoring of employees (controle werknemers)",
    "location_data": "large-scale location data (locatiegegevens)",
    "communication_data": "communication data (communicatiegegevens)",
    "internet_of_things": "internet of things (internet of things)",
    "profiling": "systematic and extensive profiling (profilering)",
    "behaviour_observation": "observing and influencing behaviour (observatie en beïnvloeding)",
    "biometric_data": "biometric data for identification (biometrische gegevens)",
}
AP_LIST = (
    "Dutch DPA (Autoriteit Persoonsgegevens) list of processing that requires a DPIA, "
    "Stcrt. 2019, 64418; GDPR Art. 35(4)"
)
WP248 = "GDPR Art. 35(1); WP248 rev.01 (EDPB), section III.B.a"

# The nine criteria of WP248 rev.01, in its order, with the English name used in reasons.
EDPB_CRITERION_NAMES: dict[str, str] = {
    "evaluation_scoring": "1. evaluation or scoring, including profiling and predicting",
    "automated_decision_legal_effect": "2. automated decision-making with legal or similar effect",
    "systematic_monitoring": "3. systematic monitoring",
    "sensitive_data": "4. sensitive data or data of a highly personal nature",
    "large_scale": "5. data processed on a large scale",
    "matching_combining": "6. matching or combining datasets",
    "vulnerable_subjects": "7. data concerning vulnerable data subjects",
    "innovative_technology": "8. innovative use or new technological or organisational solutions",
    "prevents_exercising_rights": "9. prevents data subjects from exercising a right or "
    "using a service or contract",
}

# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

SCOPE = Table(
    "scope",
    (
        Rule(
            "scope.not_ai_system",
            Is("is_ai_system", False),
            "out_of_scope",
            "It is not an AI system as defined by the AI Act.",
            "AI Act Art. 3(1), recital 12",
        ),
        Rule(
            "scope.art2_exclusion",
            Is("art2_exclusion", True),
            "out_of_scope",
            "An Art. 2 exclusion applies (military, defence or national security; "
            "third-country law-enforcement cooperation; scientific research; research and "
            "development before it is placed on the market; personal non-professional use).",
            "AI Act Art. 2(3), 2(4), 2(6), 2(8), 2(10)",
        ),
        Rule(
            "scope.no_role",
            Is("role", "none"),
            "out_of_scope",
            "The organisation is not a provider, deployer, importer or distributor of it.",
            "AI Act Art. 2(1), 3(3)-(7)",
        ),
        Rule(
            "scope.in_scope",
            ALWAYS,
            "in_scope",
            "It is an AI system or model and the organisation has a role under the AI Act.",
            "AI Act Art. 2(1)",
        ),
    ),
)

TYPE = Table(
    "type",
    (
        Rule(
            "type.out_of_scope",
            Outcome("scope", "out_of_scope"),
            "out_of_scope",
            "Out of the AI Act's scope (see the scope rule).",
            "AI Act Art. 2",
        ),
        Rule(
            "type.gpai_model",
            Is("gpai", "model"),
            "gpai_model",
            "A general-purpose AI model: Chapter V applies to its provider.",
            "AI Act Art. 3(63)",
        ),
        Rule(
            "type.gpai_system",
            Is("gpai", "system"),
            "gpai_system",
            "A general-purpose AI system: an AI system built on a general-purpose AI model.",
            "AI Act Art. 3(66)",
        ),
        Rule(
            "type.ai_system",
            ALWAYS,
            "ai_system",
            "An AI system.",
            "AI Act Art. 3(1)",
        ),
    ),
)

PROHIBITED = All(Is("prohibited_practice", True), Is("prohibited_exception", False))
NOT_PROHIBITED = Not(PROHIBITED)

RISK = Table(
    "risk_group",
    (
        Rule(
            "risk.out_of_scope",
            Outcome("scope", "out_of_scope"),
            "out_of_scope",
            "Out of the AI Act's scope (see the scope rule).",
            "AI Act Art. 2",
        ),
        Rule(
            "risk.prohibited",
            PROHIBITED,
            "prohibited",
            "A prohibited AI practice, without a law-enforcement exception: it wins over "
            "everything else.",
            "AI Act Art. 5(1)",
        ),
        Rule(
            "risk.prohibited_exception",
            All(Is("prohibited_practice", True), Is("prohibited_exception", True)),
            "high_risk",
            "A practice of Art. 5 used under its law-enforcement exception: allowed only as a "
            "high-risk system with the safeguards of Art. 5(2)-(7).",
            "AI Act Art. 5(1)(h), 5(2)-(7), Annex III point 1",
        ),
        Rule(
            "risk.gpai_model",
            Is("gpai", "model"),
            "not_high_risk",
            "A general-purpose AI model is not classified by risk group; Chapter V applies "
            "(a system built on it is classified on its own).",
            "AI Act Art. 6, 51-55, recital 97",
        ),
        Rule(
            "risk.annex_i_section_a",
            Is("annex_i", "section_a"),
            "high_risk",
            "A product, or a safety component of a product, under Annex I Section A legislation "
            "that needs third-party conformity assessment.",
            "AI Act Art. 6(1), Annex I Section A",
        ),
        Rule(
            "risk.annex_iii_profiling",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("profiling", True)),
            "high_risk",
            "An Annex III use that profiles natural persons is always high-risk: the "
            "derogation of Art. 6(3) does not apply.",
            "AI Act Art. 6(2), 6(3) last subparagraph, Annex III",
        ),
        Rule(
            "risk.annex_iii",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("art6_3_derogation", False)),
            "high_risk",
            "An Annex III use without the Art. 6(3) derogation.",
            "AI Act Art. 6(2), Annex III",
        ),
        Rule(
            "risk.annex_i_section_b",
            Is("annex_i", "section_b"),
            "high_risk",
            "A product, or a safety component of a product, under Annex I Section B legislation: "
            "high-risk, with the requirements applied through that sectoral legislation.",
            "AI Act Art. 6(1), 2(2), Annex I Section B",
        ),
        Rule(
            "risk.annex_iii_derogation",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("art6_3_derogation", True)),
            "not_high_risk",
            "An Annex III use that does not pose a significant risk of harm (a narrow "
            "procedural task, improving a completed human activity, detecting patterns without "
            "replacing human assessment, or a preparatory task) and does not profile.",
            "AI Act Art. 6(3)",
        ),
        Rule(
            "risk.not_high_risk",
            ALWAYS,
            "not_high_risk",
            "Neither prohibited nor high-risk.",
            "AI Act Art. 5, 6",
        ),
    ),
)

HIGH_RISK_FULL = Decided(
    "risk_group",
    "risk.prohibited_exception",
    "risk.annex_i_section_a",
    "risk.annex_iii_profiling",
    "risk.annex_iii",
)
IN_SCOPE = Outcome("scope", "in_scope")

SYSTEMIC = Table(
    "systemic_risk",
    (
        Rule(
            "systemic.yes",
            All(IN_SCOPE, Is("gpai", "model"), Is("systemic_risk", True)),
            True,
            "A general-purpose AI model with systemic risk.",
            "AI Act Art. 51",
        ),
        Rule(
            "systemic.no",
            ALWAYS,
            False,
            "Systemic risk is a property of general-purpose AI models only.",
            "AI Act Art. 51",
        ),
    ),
)

DPIA = Table(
    "dpia",
    (
        Rule(
            "dpia.dutch_dpa_list",
            NonEmpty("dutch_dpa_list"),
            "required",
            "The processing is on the Dutch DPA's list of processing that always needs a DPIA.",
            AP_LIST,
        ),
        Rule(
            "dpia.edpb_two_or_more",
            AtLeast("edpb_criteria", 2),
            "required",
            "Two or more of the nine criteria: as a rule of thumb a DPIA is required (this "
            "includes the cases of GDPR Art. 35(3)).",
            WP248,
        ),
        Rule(
            "dpia.edpb_one",
            AtLeast("edpb_criteria", 1),
            "recommended",
            "One of the nine criteria: a DPIA may still be needed; recommended.",
            WP248,
        ),
        Rule(
            "dpia.none",
            ALWAYS,
            "not_required",
            "None of the nine criteria and nothing on the Dutch DPA's list.",
            "GDPR Art. 35(1), 35(4); WP248 rev.01",
        ),
    ),
)

TABLES: dict[str, Table] = {table.name: table for table in (SCOPE, TYPE, RISK, SYSTEMIC, DPIA)}

# ---------------------------------------------------------------------------------------------
# Duties
# ---------------------------------------------------------------------------------------------

ACTIVE = All(IN_SCOPE, NOT_PROHIBITED)  # a prohibited practice has one duty: stop


def _role(*roles: str) -> Is:
    return Is("role", *roles)


DUTIES: tuple[Duty, ...] = (
    Duty(
        "art5_prohibited",
        "AI Act Art. 5(1)",
        "Prohibited practice: do not place it on the market, put it into service or use it.",
        All(IN_SCOPE, PROHIBITED),
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


def rule_ids() -> list[str]:
    """Every rule and duty, as the tests and reasons name them."""
    ids = [rule.id for table in TABLES.values() for rule in table.rules]
    return ids + [f"duty.{duty.code}" for duty in DUTIES]


# ---------------------------------------------------------------------------------------------
# Rendering for people
# ---------------------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _alternatives(values: tuple[Any, ...]) -> str:
    shown = [f"`{_value(v)}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def describe(condition: Condition) -> str:
    """The condition in words, e.g. "`profiling` is `true` and `role` is `deployer`"."""
    if isinstance(condition, Is):
        return f"`{condition.fact}` is {_alternatives(condition.values)}"
    if isinstance(condition, Has):
        return f"`{condition.fact}` includes {_alternatives(condition.items)}"
    if isinstance(condition, AtLeast):
        return f"`{condition.fact}` has at least {condition.count}"
    if isinstance(condition, NonEmpty):
        return f"`{condition.fact}` has any item"
    if isinstance(condition, Outcome):
        return f"{condition.table} is {_alternatives(condition.values)}"
    if isinstance(condition, Decided):
        return f"{condition.table} was decided by {_alternatives(condition.rules)}"
    if isinstance(condition, Not):
        return f"not ({describe(condition.part)})"
    if isinstance(condition, All):
        if not condition.parts:
            return "otherwise"
        return " and ".join(_grouped(part) for part in condition.parts)
    return " or ".join(_grouped(part) for part in condition.parts)


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, All | AnyOf) and len(condition.parts) > 1 else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_markdown() -> str:
    """The decision tables and duties as Markdown, as included in docs/triage.md."""
    lines: list[str] = []
    for table in TABLES.values():
        lines += [f"#### Table `{table.name}` (first matching rule decides)", ""]
        lines += ["| Rule | When | Then | Why | Source |", "|---|---|---|---|---|"]
        for rule in table.rules:
            cells: tuple[str, ...] = (f"`{rule.id}`", describe(rule.when))
            cells += (f"`{_value(rule.then)}`", rule.text, rule.source)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    lines += ["#### Duties (every duty whose condition holds is listed)", ""]
    lines += ["| Code | Source | When | Duty |", "|---|---|---|---|"]
    for duty in DUTIES:
        cells = (f"`{duty.code}`", duty.article, describe(duty.when), duty.summary)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", f"`transparency` is true when {describe(TRANSPARENCY)}."]
    return "\n".join(lines) + "\n"
