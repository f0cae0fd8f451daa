"""The AI Act as amended by Regulation (EU) 2026/1744 (the Digital Omnibus on AI), article by
article: the new prohibition, the dates from which each duty applies, the recast Art. 4 and
Art. 6(4), and the version of the law every result names."""

from __future__ import annotations

from datetime import date

from koers.triage.rules.engine import triage
from koers.triage.rules.questions import relevant_questions
from koers.triage.rules.schema import Facts, Result

IN_SCOPE = {"is_ai_system": True, "art2_exclusion": False, "prohibited_practice": False}
NO_DPIA = {"edpb_criteria": [], "dutch_dpa_list": []}
# An image generator: a general-purpose system that generates synthetic content.
IMAGE_GENERATOR = {
    **IN_SCOPE,
    **NO_DPIA,
    "gpai": "system",
    "annex_i": "none",
    "annex_iii_area": "none",
    "art50": ["synthetic_content"],
    "art50_exception": False,
}
CV_RANKING = {
    **IN_SCOPE,
    **NO_DPIA,
    "gpai": "none",
    "annex_i": "none",
    "annex_iii_area": "employment",
    "profiling": True,
    "art50": [],
}


def duty(result: Result, code: str):
    return next(o for o in result.obligations if o.code == code)


def codes(result: Result) -> list[str]:
    return [o.code for o in result.obligations]


# --- Art. 5(1)(ba)-(bb), 5(1a)-(1b): non-consensual intimate content, child sexual abuse material


def test_art5_1_ba_prohibits_a_system_meant_to_make_non_consensual_intimate_content():
    for role in ("provider", "deployer", "provider_and_deployer", "importer", "distributor"):
        facts = Facts(**IMAGE_GENERATOR, role=role, intimate_content="intended")
        result = triage(facts)
        assert result.risk_group == "prohibited", role
        assert codes(result) == ["art5_intimate_content"], role


def test_art5_1a_prohibits_it_for_a_provider_also_where_it_is_foreseeable_without_safeguards():
    for role in ("provider", "provider_and_deployer"):
        result = triage(Facts(**IMAGE_GENERATOR, role=role, intimate_content="foreseeable"))
        assert result.risk_group == "prohibited", role


def test_a_deployer_of_a_system_without_adequate_safeguards_is_reminded_not_to_misuse_it():
    result = triage(Facts(**IMAGE_GENERATOR, role="deployer", intimate_content="foreseeable"))
    assert result.risk_group == "not_high_risk"
    assert "art5_intimate_content_use" in codes(result)
    assert "provider's safeguards" in duty(result, "art5_intimate_content_use").summary


def test_adequate_safeguards_keep_a_generator_out_of_the_prohibition():
    for answer in ("safeguarded", "no"):
        result = triage(Facts(**IMAGE_GENERATOR, role="provider", intimate_content=answer))
        assert result.risk_group == "not_high_risk"
        assert not {"art5_intimate_content", "art5_intimate_content_use"} & set(codes(result))


def test_a_generator_whose_answer_is_unknown_needs_review_because_it_could_be_prohibited():
    result = triage(Facts(**IMAGE_GENERATOR, role="provider"))
    assert result.risk_group == "needs_review"
    assert "art5_intimate_content" in codes(result)
    assert any("intimate_content" in reason for reason in result.reasons)


def test_the_question_is_asked_only_of_systems_that_generate_content():
    generator = Facts(**IMAGE_GENERATOR, role="deployer")
    assert "intimate_content" in relevant_questions(generator)
    deepfakes = generator.model_copy(update={"art50": ["deepfake"]})
    assert "intimate_content" in relevant_questions(deepfakes)
    chatbot = generator.model_copy(update={"art50": ["interacts_with_people"]})
    assert "intimate_content" not in relevant_questions(chatbot)
    assert "intimate_content" not in relevant_questions(Facts(**CV_RANKING, role="deployer"))
    # Not before it is known what the system does.
    assert "intimate_content" not in relevant_questions(Facts(**IN_SCOPE, role="deployer"))


def test_a_system_that_generates_no_content_is_never_held_back_by_the_new_question():
    result = triage(Facts(**CV_RANKING, role="deployer"))
    assert result.risk_group == "high_risk"


def test_a_general_purpose_model_is_not_asked_it_its_duties_are_those_of_chapter_v():
    facts = Facts(**IN_SCOPE, role="provider", gpai="model", open_source=False)
    assert "intimate_content" not in relevant_questions(facts)
    assert "art5_intimate_content" not in codes(triage(facts))


def test_the_new_prohibition_applies_from_2_december_2026():
    facts = Facts(**IMAGE_GENERATOR, role="provider", intimate_content="intended")
    prohibition = duty(triage(facts, today=date(2026, 12, 1)), "art5_intimate_content")
    assert prohibition.applies_from == date(2026, 12, 2)
    assert prohibition.applies_today is False
    assert duty(triage(facts, today=date(2026, 12, 2)), "art5_intimate_content").applies_today


# --- Art. 113 and 111 as amended: from when


def test_art113_c_annex_iii_high_risk_duties_apply_from_2_december_2027():
    result = triage(Facts(**CV_RANKING, role="provider_and_deployer"), today=date(2026, 12, 7))
    for code in ("art9_17_provider_requirements", "art26_deployer", "art27_fria"):
        obligation = duty(result, code)
        assert obligation.applies_from == date(2027, 12, 2), code
        assert obligation.applies_today is False, code
        assert "Regulation (EU) 2026/1744" in obligation.date_source
        assert "2 August 2030" in obligation.transition  # Art. 111(2), public authorities


def test_art113_c_annex_i_products_apply_from_2_august_2028():
    product = {**CV_RANKING, "annex_i": "section_a", "annex_iii_area": "none", "profiling": None}
    result = triage(Facts(**product, role="provider"))
    assert result.risk_group == "high_risk"
    assert duty(result, "art9_17_provider_requirements").applies_from == date(2028, 8, 2)
    sectoral = triage(Facts(**{**product, "annex_i": "section_b"}, role="provider"))
    assert duty(sectoral, "art2_2_sectoral").applies_from == date(2028, 8, 2)


def test_art50_applies_from_2_august_2026_with_the_art111_4_grace_for_marking():
    result = triage(Facts(**IMAGE_GENERATOR, role="provider", intimate_content="safeguarded"))
    marking = duty(result, "art50_2_marking")
    assert marking.applies_from == date(2026, 8, 2)
    assert "2 December 2026" in marking.transition and "111(4)" in marking.transition


def test_art4_literacy_is_to_take_measures_to_support_it_and_applies_since_2_february_2025():
    result = triage(Facts(**CV_RANKING, role="deployer"), today=date(2025, 2, 2))
    literacy = duty(result, "art4_literacy")
    assert literacy.summary.startswith("Take measures to support the AI literacy")
    assert "sufficient level" not in literacy.summary
    assert literacy.applies_from == date(2025, 2, 2) and literacy.applies_today


def test_art6_4_a_provider_documents_a_not_high_risk_assessment_and_no_longer_registers_it():
    derogation = {**CV_RANKING, "profiling": False, "art6_3_derogation": True}
    result = triage(Facts(**derogation, role="provider"))
    assert result.risk_group == "not_high_risk"
    assessment = duty(result, "art6_4_derogation")
    assert assessment.article == "AI Act Art. 6(4)"
    assert "on request" in assessment.summary and "no longer registered" in assessment.summary
    assert "art49_registration" not in codes(result)
    assert assessment.applies_from == date(2027, 12, 2)


def test_general_purpose_ai_model_duties_apply_from_2_august_2025():
    result = triage(Facts(**IN_SCOPE, role="provider", gpai="model", open_source=False))
    for code in ("art53_documentation", "art53_copyright"):
        assert duty(result, code).applies_from == date(2025, 8, 2)
        assert "2 August 2027" in duty(result, code).transition  # Art. 111(3)


# --- fail closed on dates


def test_where_the_amended_text_is_unclear_the_earlier_date_is_given_for_legal_review():
    """Conformity assessment and registration (Chapter III Section 5) keep the general date of
    2 August 2026 while the classification they serve moved to 2 December 2027."""
    result = triage(Facts(**CV_RANKING, role="provider"))
    for code in ("art43_conformity", "art49_registration", "art72_73_post_market"):
        obligation = duty(result, code)
        assert obligation.applies_from == date(2026, 8, 2), code
        assert "strict reading" in obligation.legal_review, code
    assert duty(result, "art9_17_provider_requirements").legal_review == ""


def test_a_date_that_depends_on_an_unanswered_question_is_the_earliest_possible():
    unknown_route = {**CV_RANKING, "annex_i": None}
    requirements = duty(
        triage(Facts(**unknown_route, role="provider")), "art9_17_provider_requirements"
    )
    assert requirements.applies_from == date(2027, 12, 2)  # not the Annex I date of 2028
    assert requirements.date_open is True
    known = duty(triage(Facts(**CV_RANKING, role="provider")), "art9_17_provider_requirements")
    assert known.date_open is False


# --- the law a result was made with


def test_a_result_names_the_law_with_its_official_journal_references():
    result = triage(Facts(**CV_RANKING, role="deployer"), today=date(2026, 12, 7))
    assert result.law.version == "2026-07-27"
    references = [source.reference for source in result.law.sources]
    assert "OJ L, 2024/1689, 12.7.2024" in references
    assert "OJ L, 2026/1744, 24.7.2026" in references
    assert result.as_of == date(2026, 12, 7)


def test_a_result_stored_by_the_first_rules_reads_as_that_version_without_dates():
    stored = {
        "type": "ai_system",
        "risk_group": "not_high_risk",
        "transparency": False,
        "systemic_risk": False,
        "role": "deployer",
        "obligations": [{"code": "art4_literacy", "article": "AI Act Art. 4", "summary": "…"}],
        "dpia": "not_required",
        "dpia_reasons": [],
        "reasons": [],
    }
    result = Result.model_validate(stored)
    assert result.law.version == "2024-08-01"
    assert result.law.sources[0].reference == "OJ L, 2024/1689, 12.7.2024"
    assert result.obligations[0].applies_from is None
