"""The DPIA (GDPR Art. 35) as a decision table: the nine criteria of WP248 rev.01 and the Dutch
DPA's list of processing that always needs one."""

from __future__ import annotations

from typing import get_args

from koers.triage.rules.schema import EdpbCriterion
from koers.triage.rules.tables.conditions import ALWAYS, AtLeast, NonEmpty, Rule, Table

# ---------------------------------------------------------------------------------------------
# Value sets
# ---------------------------------------------------------------------------------------------

EDPB_CRITERIA: tuple[str, ...] = get_args(EdpbCriterion)

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
# Table
# ---------------------------------------------------------------------------------------------

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
