"""The questionnaire in the reader's language: every question, help text and option of the AI Act
engine (``koers.triage.rules``), translated by its key. The engine's own texts are English; a
question or option it adds later shows in English until it is translated here (a test lists
them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koers.triage.rules import questions as engine_questions

Text = str | Promise
Kind = Literal["bool", "choice", "multi"]

# The form value of "don't know" (stored as null) and, for lists, of "none of these" (stored as []).
UNKNOWN = "unknown"
NONE_OF_THESE = "none_of_these"

YES_NO: dict[str, Text] = {"yes": _("Yes"), "no": _("No")}
DONT_KNOW: Text = _("Don't know")

LABELS: dict[str, Text] = {
    "role": _("What is your organisation's part in this AI?"),
    "is_ai_system": _("Is it an AI system?"),
    "gpai": _("Is it general-purpose AI?"),
    "art2_exclusion": _("Does one of the AI Act's exclusions apply?"),
    "prohibited_practice": _("Could it do something the AI Act forbids?"),
    "prohibited_exception": _("Does one of the narrow police exceptions apply?"),
    "annex_i": _("Is it part of a product that EU product-safety law covers?"),
    "annex_iii_area": _("Is it used in one of these areas?"),
    "profiling": _("Does it profile people?"),
    "art6_3_derogation": _("Does it only do a narrow, supporting task?"),
    "systemic_risk": _("Is it a general-purpose AI model with systemic risk?"),
    "art50": _("Which of these does it do?"),
    "art50_exception": _("Does an exception to these transparency duties apply?"),
    "open_source": _("Is it released as open source, with its parameters public?"),
    "intimate_content": _(
        "Could it make sexual or intimate images, video or sound of real people without their "
        "consent, or child sexual abuse material?"
    ),
    "edpb_criteria": _("Which of these apply to the personal data it uses?"),
    "dutch_dpa_list": _("Is it on the Dutch DPA's list of processing that always needs a DPIA?"),
}

HELP: dict[str, Text] = {
    "role": _(
        "Deployer: you use an AI system that someone else made, under your own responsibility. "
        "Provider: you develop it, or have it developed, and offer it or use it under your own "
        "name."
    ),
    "is_ai_system": _(
        "Software that works with some independence and works out from its input how to make "
        "predictions, content, recommendations or decisions (AI Act Art. 3(1)). Fixed rules that "
        "people wrote, such as a spreadsheet formula, are not. A general-purpose AI model on its "
        "own (the model itself, not a product built on it) is not an AI system either: answer "
        "no, and say so in the next question; the AI Act still applies to its provider."
    ),
    "gpai": _(
        "A general-purpose model can do many different tasks, like the large language models "
        "behind chat assistants (Art. 3(63) and 3(66))."
    ),
    "art2_exclusion": _(
        "Only for: military, defence or national security; cooperation with police of a country "
        "outside the EU; research and testing before it is put on the market; scientific "
        "research; or purely personal use (Art. 2)."
    ),
    "prohibited_practice": _(
        "For example: manipulating people or exploiting their weaknesses in a harmful way, "
        "social scoring, predicting crime from someone's personality, collecting faces from the "
        "internet, recognising emotions at work or at school, or deducing sensitive traits from "
        "biometric data (Art. 5)."
    ),
    "prohibited_exception": _(
        "Only for the police, with prior permission: searching for victims or missing persons, "
        "preventing a specific and imminent threat, or finding suspects of serious crimes "
        "(Art. 5(2))."
    ),
    "annex_i": _(
        "For example machinery, toys, lifts, medical devices, cars or aircraft, where the AI is a "
        "safety component or the product itself (Art. 6(1), Annex I)."
    ),
    "annex_iii_area": _("The areas where the AI Act counts AI as high risk (Annex III)."),
    "profiling": _(
        "Automatically evaluating people, for example their work performance, finances, health, "
        "preferences, reliability or behaviour (GDPR Art. 4(4))."
    ),
    "art6_3_derogation": _(
        "A narrow procedural task, improving work a person already finished, spotting patterns "
        "without replacing a person's judgement, or preparing an assessment that a person makes "
        "(Art. 6(3)). Never when it profiles people."
    ),
    "systemic_risk": _(
        "The most capable models, trained with very much computing power or named by the "
        "European Commission (Art. 51)."
    ),
    "art50": _(
        "These bring duties to tell people they deal with AI or that content is made by AI "
        "(Art. 50). Tick everything that applies."
    ),
    "art50_exception": _(
        "For example: it is obvious that people deal with AI, the AI only helps with ordinary "
        "editing, or a person checked the text and an editor takes responsibility (Art. 50)."
    ),
    "open_source": _(
        "A free and open-source licence, with the model's parameters published (Art. 2(12), "
        "Art. 53(2))."
    ),
    "intimate_content": _(
        "Prohibited since 2 December 2026: systems made or used for this, and, for the provider, "
        "also systems that can easily be made to do it because adequate safeguards are missing "
        "(Art. 5(1)(ba) and (bb), added in 2026)."
    ),
    "edpb_criteria": _(
        "The nine criteria of the European data protection authorities (EDPB). Two or more "
        "usually mean a DPIA is required (GDPR Art. 35). Tick everything that applies."
    ),
    "dutch_dpa_list": _(
        "The Dutch Data Protection Authority (Autoriteit Persoonsgegevens) lists kinds of "
        "processing that always need a DPIA. Tick everything that applies."
    ),
}

OPTIONS: dict[str, dict[str, Text]] = {
    "role": {
        "deployer": _("We use it (deployer)"),
        "provider": _("We build it and offer it under our name (provider)"),
        "provider_and_deployer": _("We build it and use it ourselves (provider and deployer)"),
        "importer": _("We bring it into the EU from outside (importer)"),
        "distributor": _("We sell or pass it on (distributor)"),
        "none": _("None of these"),
    },
    "gpai": {
        "none": _("No, it is made for specific tasks"),
        "model": _("It is a general-purpose AI model that we offer"),
        "system": _("It is a system built on such a model, offered for many purposes"),
    },
    "annex_i": {
        "none": _("No"),
        "section_a": _("Yes, under Annex I section A (e.g. machinery, toys, medical devices)"),
        "section_b": _("Yes, under Annex I section B (e.g. cars, aviation, rail)"),
    },
    "annex_iii_area": {
        "none": _("None of these"),
        "biometrics": _("Biometrics: identifying or categorising people, recognising emotions"),
        "critical_infrastructure": _(
            "Safety of critical infrastructure: traffic, water, gas, heating, electricity"
        ),
        "education": _("Education: admission, assessing students, exams, supervision"),
        "employment": _(
            "Work and staff: recruiting, selecting candidates, promotion, dismissal, assigning "
            "tasks, monitoring performance"
        ),
        "essential_services": _(
            "Essential services: benefits, creditworthiness, life and health insurance, "
            "emergency calls"
        ),
        "law_enforcement": _("Police and law enforcement"),
        "migration_border": _("Migration, asylum and border control"),
        "justice_democracy": _("Justice and democracy: courts, elections"),
    },
    "art50": {
        "interacts_with_people": _("It talks or chats with people (a chatbot, a voice assistant)"),
        "synthetic_content": _("It generates text, images, sound or video"),
        "deepfake": _("It makes deepfakes: realistic images, sound or video of real people"),
        "emotion_recognition": _("It recognises emotions"),
        "biometric_categorisation": _("It sorts people into groups from biometric data"),
        "public_interest_text": _("It writes texts published to inform the public"),
    },
    "intimate_content": {
        "intended": _("Yes: it is made or used for that"),
        "foreseeable": _("It could easily happen: adequate safeguards are missing"),
        "safeguarded": _("Possible in principle, but adequate safeguards prevent it"),
        "no": _("No: it cannot make such images, video or sound"),
    },
    "edpb_criteria": {
        "evaluation_scoring": _("Evaluating or scoring people, including predicting"),
        "automated_decision_legal_effect": _(
            "Automated decisions with legal or similarly serious effects"
        ),
        "systematic_monitoring": _("Systematically monitoring people"),
        "sensitive_data": _("Sensitive or very personal data, such as health or criminal records"),
        "large_scale": _("Data on a large scale"),
        "matching_combining": _("Matching or combining data sets"),
        "vulnerable_subjects": _("Data about vulnerable people: employees, children, patients"),
        "innovative_technology": _("Innovative use of new technology, such as AI"),
        "prevents_exercising_rights": _("It can keep people from a right, a service or a contract"),
    },
}

OPTIONS["dutch_dpa_list"] = {
    "covert_investigation": _("Large-scale or systematic covert investigation"),
    "blacklists": _("Blacklists and warning lists"),
    "fraud_prevention": _("Large-scale fraud prevention"),
    "credit_scores": _("Credit scores"),
    "financial_situation": _("Large-scale use of financial data"),
    "genetic_data": _("Large-scale genetic data"),
    "health_data": _("Health data"),
    "partnerships": _("Sharing special-category data in partnerships"),
    "camera_surveillance": _("Large-scale or systematic camera surveillance"),
    "flexible_camera_surveillance": _("Flexible camera surveillance"),
    "employee_monitoring": _("Systematic monitoring of employees"),
    "location_data": _("Large-scale location data"),
    "communication_data": _("Communication data"),
    "internet_of_things": _("Internet of things"),
    "profiling": _("Systematic and extensive profiling"),
    "behaviour_observation": _("Observing and influencing behaviour"),
    "biometric_data": _("Biometric data to identify people"),
}

# The outcomes, for the result and the history.
OUTCOME_LABELS: dict[str, Text] = {
    "type": _("Kind of AI"),
    "risk_group": _("Risk group"),
    "transparency": _("Transparency duty"),
    "systemic_risk": _("Systemic risk"),
    "role": _("AI Act role"),
    "dpia": _("DPIA"),
    "obligations": _("Obligations"),
}
TYPE_LABELS: dict[str, Text] = {
    "ai_system": _("AI system"),
    "gpai_system": _("General-purpose AI system"),
    "gpai_model": _("General-purpose AI model"),
    "out_of_scope": _("Not an AI system under the AI Act"),
    "needs_review": _("Needs review"),
}
STATUS_ACTIONS: dict[str, Text] = {
    "triaged": pgettext_lazy("history", "answered the triage"),
    "signed_off": pgettext_lazy("history", "signed the triage off"),
    "reopened": pgettext_lazy("history", "re-opened the triage"),
    "reconfirmed": pgettext_lazy("history", "re-confirmed the triage under the current rules"),
}


KINDS: dict[str, Kind] = {"yes_no": "bool", "choice": "choice", "multiple": "multi"}


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    values: tuple[str, ...]

    @property
    def label(self) -> Text:
        return LABELS.get(self.key) or engine_questions.BY_KEY[self.key].text

    @property
    def help(self) -> Text:
        return HELP.get(self.key) or engine_questions.BY_KEY[self.key].help

    def option_label(self, value: str) -> Text:
        if self.kind == "bool":
            return YES_NO.get(value, value)
        return OPTIONS.get(self.key, {}).get(value) or value


def questions() -> dict[str, Question]:
    """Every question of the engine's questionnaire, in its order."""
    return {
        question.key: Question(
            question.key,
            KINDS[question.kind],
            ("yes", "no") if question.kind == "yes_no" else tuple(question.options),
        )
        for question in engine_questions.QUESTIONS
    }
