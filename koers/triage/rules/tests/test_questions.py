"""The questionnaire asks only what matters given the answers so far."""

from __future__ import annotations

from koers.triage.rules import questions
from koers.triage.rules.evaluation import DOMAINS, LIST_ITEMS
from koers.triage.rules.questions import KEYS, OPTIONS, relevant_questions
from koers.triage.rules.schema import Facts

AI_ACT = [key for key in KEYS if key not in ("is_ai_system", "edpb_criteria", "dutch_dpa_list")]


def test_it_has_one_question_per_fact_with_stable_options():
    assert sorted(KEYS) == sorted(Facts.model_fields)
    for key, options in OPTIONS.items():
        if key in LIST_ITEMS:
            assert options == LIST_ITEMS[key]
        elif questions.BY_KEY[key].kind == "yes_no":
            assert options == ("true", "false")
        else:
            assert options == DOMAINS[key]
    for question in questions.QUESTIONS:
        assert question.text and question.help and question.source


def test_it_asks_everything_it_might_need_at_the_start_except_follow_ups():
    asked = relevant_questions(Facts())
    assert asked[0] == "is_ai_system"
    for follow_up in ("prohibited_exception", "systemic_risk", "open_source"):
        assert follow_up not in asked
    assert asked[-2:] == ["edpb_criteria", "dutch_dpa_list"]


def test_after_not_an_ai_system_it_asks_only_whether_it_is_a_model_and_keeps_the_dpia():
    not_ai = ["is_ai_system", "gpai", "edpb_criteria", "dutch_dpa_list"]
    assert relevant_questions(Facts(is_ai_system=False)) == not_ai
    assert relevant_questions(Facts(is_ai_system=False, gpai="none")) == not_ai
    after_role = AI_ACT[AI_ACT.index("role") + 1 :]
    assert not set(after_role) & set(relevant_questions(Facts(is_ai_system=True, role="none")))


def test_a_general_purpose_ai_model_on_its_own_gets_the_model_questions():
    """A model is no AI system, but the Act applies to its provider (Art. 2(1)(a))."""
    asked = relevant_questions(
        Facts(is_ai_system=False, gpai="model", art2_exclusion=False, role="provider")
    )
    assert asked == [
        "is_ai_system",
        "gpai",
        "art2_exclusion",
        "role",
        "systemic_risk",
        "open_source",
        "edpb_criteria",
        "dutch_dpa_list",
    ]


def test_it_asks_the_exception_only_for_a_prohibited_practice():
    assert "prohibited_exception" in relevant_questions(Facts(prohibited_practice=True))
    assert "prohibited_exception" not in relevant_questions(Facts(prohibited_practice=False))
    assert "annex_iii_area" not in relevant_questions(Facts(prohibited_practice=True))


def test_it_asks_the_derogation_only_with_an_annex_iii_area_and_no_profiling():
    assert "art6_3_derogation" not in relevant_questions(Facts())
    area = Facts(annex_iii_area="education")
    assert "art6_3_derogation" in relevant_questions(area)
    assert "art6_3_derogation" not in relevant_questions(
        area.model_copy(update={"profiling": True})
    )
    assert "art6_3_derogation" not in relevant_questions(Facts(annex_iii_area="none"))


def test_it_asks_gpai_model_questions_only_for_models_and_their_providers():
    model = Facts(gpai="model", role="provider")
    assert {"systemic_risk", "open_source"} <= set(relevant_questions(model))
    assert "open_source" not in relevant_questions(model.model_copy(update={"role": "deployer"}))
    assert "systemic_risk" not in relevant_questions(Facts(gpai="system"))
    assert "annex_iii_area" not in relevant_questions(model)


def test_it_asks_the_art50_exception_only_when_a_duty_was_ticked():
    assert "art50_exception" not in relevant_questions(Facts(art50=[]))
    assert "art50_exception" in relevant_questions(Facts(art50=["deepfake"]))
