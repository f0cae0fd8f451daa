"""The triage engine, as a specification: invariants over generated answer combinations, every
rule exercised, and typical GenAI use cases by hand."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.triage.rules import engine
from koers.triage.rules.engine import fired_rules, triage
from koers.triage.rules.evaluation import DOMAINS, LIST_FACTS, LIST_ITEMS
from koers.triage.rules.schema import Facts
from koers.triage.rules.tables import TABLES, rule_ids
from koers.triage.rules.tables.conditions import ALWAYS
from koers.triage.rules.tables.duties import ART50_DUTIES
from koers.triage.rules.tables.markdown import law_markdown, rules_markdown

ROOT = Path(__file__).resolve().parents[4]

IN_SCOPE = {"is_ai_system": True, "art2_exclusion": False}

# A reduced but complete domain: the facts that decide the risk group, each with its values
# (Annex III: one area, critical infrastructure and none) plus None, in every combination...
REDUCED: dict[str, tuple[Any, ...]] = {
    "prohibited_practice": (False, True, None),
    "prohibited_exception": (False, True, None),
    "gpai": ("none", "model", "system", None),
    "annex_i": ("none", "section_a", "section_b", None),
    "annex_iii_area": ("none", "employment", "critical_infrastructure", None),
    "profiling": (False, True, None),
    "art6_3_derogation": (False, True, None),
}
# ... and the others taking turns, so that every value of every fact occurs many times.
TURNS: dict[str, tuple[Any, ...]] = {
    "role": (*DOMAINS["role"], None),
    "is_ai_system": (True, True, True, False, None),
    "art2_exclusion": (False, False, False, False, True, None, False),
    "systemic_risk": (True, False, None),
    "open_source": (True, False, None, False),
    "art50": (None, [], ["synthetic_content"], list(ART50_DUTIES), ["interacts_with_people"]),
    "art50_exception": (False, True, None, False, False, False),
    "intimate_content": ("no", None, "safeguarded", "intended", "foreseeable", "no", "no"),
}


def _combinations() -> list[Facts]:
    names = list(REDUCED)
    found = []
    for index, values in enumerate(itertools.product(*REDUCED.values())):
        facts = dict(zip(names, values, strict=True))
        facts.update({name: turns[index % len(turns)] for name, turns in TURNS.items()})
        found.append(Facts(**facts))
    return found


COMBINATIONS = _combinations()


def completions(facts: Facts) -> list[Facts]:
    """Every way to answer one more of the unknown facts."""
    found = []
    for name in Facts.model_fields:
        if getattr(facts, name) is not None:
            continue
        if name in LIST_FACTS:
            items = LIST_ITEMS[name]
            values: list[Any] = [[], *([item] for item in items), list(items)]
        else:
            values = list(DOMAINS[name])
        found += [facts.model_copy(update={name: value}) for value in values]
    return found


def _in_scope(facts: Facts) -> bool:
    known_role = facts.role not in (None, "none")
    return facts.is_ai_system is True and facts.art2_exclusion is False and known_role


def _may_make_intimate_content(facts: Facts) -> bool:
    """The prohibition of Art. 5(1)(ba)-(bb) may apply: it may generate media, and the answer
    about intimate content does not rule it out."""
    media = facts.art50 is None or {"synthetic_content", "deepfake"} & set(facts.art50)
    return bool(media) and facts.intimate_content in (None, "intended", "foreseeable")


# --- invariants ------------------------------------------------------------------------------


def test_it_generates_a_large_domain():
    assert len(COMBINATIONS) > 5_000


def test_it_lets_a_known_prohibited_practice_win_over_everything():
    for facts in COMBINATIONS:
        if _in_scope(facts) and facts.prohibited_practice and facts.prohibited_exception is False:
            result = triage(facts)
            assert result.risk_group == "prohibited", facts
            assert [o.code for o in result.obligations] == ["art5_prohibited"], facts


def test_it_always_classifies_annex_iii_with_profiling_as_high_risk():
    for facts in COMBINATIONS:
        annex_iii = facts.annex_iii_area not in (None, "none")
        if (
            _in_scope(facts)
            and annex_iii
            and facts.profiling
            and facts.prohibited_practice is False
            and facts.gpai in ("none", "system")
            and not _may_make_intimate_content(facts)
        ):
            assert triage(facts).risk_group == "high_risk", facts


def test_it_never_applies_the_art6_3_derogation_with_profiling():
    for facts in COMBINATIONS:
        if facts.profiling is True:
            fired = fired_rules(facts)
            assert "risk.annex_iii_derogation" not in fired, facts
            assert "duty.art6_4_derogation" not in fired, facts


OUTCOMES = ("type", "risk_group", "transparency", "systemic_risk", "dpia")


def _assert_fail_closed(facts: Facts) -> None:
    """An outcome that is not needs_review is what every answer to the unknown facts gives, no
    answer brings a duty that the unknown result does not list, and none makes a duty apply
    earlier than the unknown result says."""
    result = triage(facts)
    listed = {o.code: o for o in result.obligations}
    for completed in completions(facts):
        answer = triage(completed)
        for outcome in OUTCOMES:
            if getattr(result, outcome) != "needs_review":
                assert getattr(answer, outcome) == getattr(result, outcome), (outcome, completed)
        missing = {o.code for o in answer.obligations} - set(listed)
        assert not missing, (missing, completed)
        for duty in answer.obligations:
            assert listed[duty.code].applies_from <= duty.applies_from, (duty.code, completed)


def test_it_never_gives_an_unknown_fact_a_milder_outcome_than_an_answer_could():
    # Every 25th combination (stepping through all of them); the Hypothesis test below draws more.
    for facts in COMBINATIONS[::25]:
        _assert_fail_closed(facts)


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            name: st.sampled_from((*DOMAINS[name], None))
            for name in Facts.model_fields
            if name not in LIST_FACTS
        },
        optional={
            name: st.one_of(st.none(), st.lists(st.sampled_from(LIST_ITEMS[name]), unique=True))
            for name in LIST_FACTS
        },
    )
)
def test_it_fails_closed_for_any_answers(answers):
    _assert_fail_closed(Facts(**answers))


def test_it_needs_review_only_when_answers_really_differ():
    """Needs review is not a default: some answer to the unknown facts must change it."""
    for facts in COMBINATIONS[::59]:
        result = triage(facts)
        for outcome in ("risk_group", "type"):
            if getattr(result, outcome) == "needs_review":
                seen = {getattr(triage(c), outcome) for c in _full_completions(facts)}
                assert len(seen - {"needs_review"}) > 1, (outcome, facts)


def _full_completions(facts: Facts) -> list[Facts]:
    unknown = [
        n
        for n in (*REDUCED, "role", "is_ai_system", "art2_exclusion", "intimate_content", "art50")
        if getattr(facts, n) is None
    ]
    domains = {**DOMAINS, "art50": ([], ["synthetic_content"])}
    return [
        facts.model_copy(update=dict(zip(unknown, values, strict=True)))
        for values in itertools.product(*(domains[n] for n in unknown))
    ]


def test_it_marks_a_duty_that_depends_on_an_unknown_fact():
    result = triage(Facts(**IN_SCOPE, role=None, gpai="none", prohibited_practice=False, art50=[]))
    literacy = next(o for o in result.obligations if o.code == "art4_literacy")
    assert "(if role is provider, deployer or provider_and_deployer)" in literacy.summary
    assert result.risk_group == "needs_review"


def test_it_names_the_unknown_fact_in_the_reasons():
    facts = Facts(**IN_SCOPE, role="deployer", gpai="none", prohibited_practice=False)
    result = triage(facts.model_copy(update={"annex_i": "none", "annex_iii_area": "employment"}))
    assert result.risk_group == "needs_review"
    review = next(r for r in result.reasons if r.startswith("risk_group = needs_review"))
    assert "profiling" in review and "art6_3_derogation" in review


def test_it_ignores_unknown_facts_that_cannot_matter():
    facts = Facts(**IN_SCOPE, role="deployer", prohibited_practice=True, prohibited_exception=False)
    assert triage(facts).risk_group == "prohibited"


def test_it_exercises_every_rule_and_duty():
    fired: set[str] = set()
    for edpb in ([], ["large_scale"], ["large_scale", "sensitive_data"]):
        fired |= fired_rules(Facts(edpb_criteria=edpb, dutch_dpa_list=[]))
    fired |= fired_rules(Facts(dutch_dpa_list=["health_data"]))
    for art50 in ART50_DUTIES:
        for role in ("provider", "deployer"):
            fired |= fired_rules(
                Facts(**IN_SCOPE, role=role, gpai="none", prohibited_practice=False, art50=[art50])
            )
    every_rule = set(rule_ids())
    for facts in COMBINATIONS:
        if fired >= every_rule:
            break
        fired |= fired_rules(facts)
    assert every_rule - fired == set()


def test_it_gives_every_table_a_final_rule_and_unique_ids():
    ids = rule_ids()
    assert len(ids) == len(set(ids))
    for table in TABLES.values():
        assert table.rules[-1].when == ALWAYS
        for rule in table.rules:
            assert rule.source and rule.text


# --- hand-written cases ----------------------------------------------------------------------


def codes(result) -> list[str]:
    return [o.code for o in result.obligations]


NOT_HIGH = {"prohibited_practice": False, "annex_i": "none", "annex_iii_area": "none"}


def test_a_bought_chatbot_used_as_is():
    result = triage(
        Facts(
            **IN_SCOPE,
            **NOT_HIGH,
            role="deployer",
            gpai="system",
            art50=["interacts_with_people"],
            art50_exception=False,
            edpb_criteria=[],
            dutch_dpa_list=[],
        )
    )
    assert (result.type, result.risk_group) == ("gpai_system", "not_high_risk")
    assert result.transparency is True
    # Art. 50(1) is the provider's duty: the deployer checks it; 50(3)/(4) do not apply.
    assert codes(result) == ["art4_literacy", "art50_1_check"]
    assert result.dpia == "not_required"


def test_a_cv_screening_model():
    result = triage(
        Facts(
            **IN_SCOPE,
            role="deployer",
            gpai="none",
            prohibited_practice=False,
            annex_i="none",
            annex_iii_area="employment",
            profiling=True,
            art50=[],
            edpb_criteria=["evaluation_scoring", "automated_decision_legal_effect"],
            dutch_dpa_list=["profiling"],
        )
    )
    assert result.risk_group == "high_risk"
    assert codes(result) == ["art4_literacy", "art26_deployer", "art27_fria"]
    assert "body governed by public law" in result.obligations[2].summary
    assert result.dpia == "required"
    assert any("evaluation_scoring" in reason for reason in result.dpia_reasons)


def test_a_meeting_summariser():
    facts = Facts(
        **IN_SCOPE,
        **NOT_HIGH,
        role="deployer",
        gpai="system",
        art50=["synthetic_content"],
        art50_exception=False,
        intimate_content="no",
    )
    result = triage(facts)
    assert result.risk_group == "not_high_risk"
    # 50(2) marking is the provider's duty; the deployer of a summariser has none under Art. 50.
    assert codes(result) == ["art4_literacy"]
    assert result.transparency is False
    assert result.dpia == "needs_review"  # the DPIA depends on what the meetings contain
    one = triage(facts.model_copy(update={"edpb_criteria": ["innovative_technology"]}))
    assert one.dpia == "needs_review"
    settled = facts.model_copy(update={"edpb_criteria": ["innovative_technology"]})
    assert triage(settled.model_copy(update={"dutch_dpa_list": []})).dpia == "recommended"
    recorded = settled.model_copy(update={"dutch_dpa_list": ["communication_data"]})
    assert triage(recorded).dpia == "required"


def test_a_public_sector_benefits_eligibility_scorer():
    result = triage(
        Facts(
            **IN_SCOPE,
            role="deployer",
            gpai="none",
            prohibited_practice=False,
            annex_i="none",
            annex_iii_area="essential_services",
            profiling=True,
            art50=[],
            edpb_criteria=["evaluation_scoring", "automated_decision_legal_effect", "large_scale"],
            dutch_dpa_list=["fraud_prevention", "profiling"],
        )
    )
    assert result.risk_group == "high_risk"
    assert "art27_fria" in codes(result) and "art26_deployer" in codes(result)
    assert result.dpia == "required"


def test_a_gpai_model_provider():
    base = Facts(**IN_SCOPE, role="provider", gpai="model", prohibited_practice=False)
    open_model = triage(base.model_copy(update={"open_source": True, "systemic_risk": False}))
    assert open_model.type == "gpai_model" and open_model.systemic_risk is False
    assert codes(open_model) == ["art53_copyright"]
    systemic = triage(base.model_copy(update={"open_source": True, "systemic_risk": True}))
    assert codes(systemic) == ["art53_documentation", "art53_copyright", "art55_systemic_risk"]
    assert triage(base).systemic_risk == "needs_review"


def test_a_prohibited_practice_under_the_law_enforcement_exception():
    result = triage(
        Facts(**IN_SCOPE, role="deployer", prohibited_practice=True, prohibited_exception=True)
    )
    assert result.risk_group == "high_risk"
    assert "art5_safeguards" in codes(result) and "art26_deployer" in codes(result)


def test_it_puts_a_non_ai_system_out_of_scope_but_still_triages_the_dpia():
    result = triage(
        Facts(is_ai_system=False, gpai="none", edpb_criteria=["large_scale", "sensitive_data"])
    )
    assert (result.type, result.risk_group, result.transparency) == (
        "out_of_scope",
        "out_of_scope",
        False,
    )
    assert result.obligations == [] and result.dpia == "required"


# --- pivotal and diff ------------------------------------------------------------------------


def test_it_shows_which_answers_would_change_the_outcome():
    facts = Facts(
        **IN_SCOPE,
        role="deployer",
        gpai="none",
        prohibited_practice=False,
        annex_i="none",
        annex_iii_area="employment",
        profiling=True,
        art50=[],
        edpb_criteria=["evaluation_scoring", "large_scale"],
        dutch_dpa_list=[],
    )
    changes = engine.pivotal(facts)
    assert set(changes) == set(Facts.model_fields)
    assert "risk_group" in changes["profiling"]
    assert changes["art6_3_derogation"] == []  # never applies with profiling
    assert changes["edpb_criteria"] == ["dpia"]
    assert changes["dutch_dpa_list"] == []  # already required


def _pivotal_by_triaging_every_answer(facts: Facts) -> dict[str, list[str]]:
    """What ``pivotal`` means, the slow way: triage each other answer to each fact anew."""
    base = engine._signature(triage(facts))
    changes = {}
    for name in Facts.model_fields:
        changed = set()
        for value in engine.alternatives(facts, name):
            other = engine._signature(triage(facts.model_copy(update={name: value})))
            changed.update(o for o in engine.OUTCOMES if other[o] != base[o])
        changes[name] = [o for o in engine.OUTCOMES if o in changed]
    return changes


@settings(max_examples=8, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            name: st.sampled_from((*DOMAINS[name], None, None))
            for name in Facts.model_fields
            if name not in LIST_FACTS
        },
        optional={
            name: st.one_of(st.none(), st.lists(st.sampled_from(LIST_ITEMS[name]), unique=True))
            for name in LIST_FACTS
        },
    )
)
def test_what_would_change_is_what_triaging_every_other_answer_gives(answers):
    facts = Facts(**answers)
    assert engine.pivotal(facts) == _pivotal_by_triaging_every_answer(facts)


def test_it_lists_the_obligations_a_changed_answer_adds_and_removes():
    before = triage(Facts(**IN_SCOPE, role="deployer", gpai="none", **NOT_HIGH, art50=[]))
    after = triage(
        Facts(
            **IN_SCOPE,
            role="deployer",
            gpai="none",
            prohibited_practice=False,
            annex_i="none",
            annex_iii_area="employment",
            profiling=True,
            art50=[],
        )
    )
    added, removed = engine.obligation_diff(before, after)
    assert [o.code for o in added] == ["art26_deployer", "art27_fria"]
    assert removed == []
    assert engine.obligation_diff(after, before) == ([], added)


# --- the contract ----------------------------------------------------------------------------


def test_the_docs_show_the_current_rule_table():
    doc = (ROOT / "docs" / "triage.md").read_text()
    assert rules_markdown() in doc, "docs/triage.md is out of date: paste rules_markdown()"
    assert law_markdown() in doc, "docs/triage.md is out of date: paste law_markdown()"


@pytest.mark.parametrize("name", list(Facts.model_fields))
def test_the_docs_describe_every_fact(name):
    assert f"`{name}`" in (ROOT / "docs" / "triage.md").read_text()


# --- general-purpose AI models ---------------------------------------------------------------


def test_a_general_purpose_ai_model_is_in_scope_though_it_is_no_ai_system():
    """Art. 2(1)(a) and Chapter V: the Act applies to the providers of GPAI models; "not an AI
    system" must not put a model out of scope (that would be milder than the law)."""
    model = Facts(role="provider", is_ai_system=False, gpai="model", art2_exclusion=False)
    with_systemic_risk = triage(model.model_copy(update={"systemic_risk": True}))
    assert (with_systemic_risk.type, with_systemic_risk.risk_group) == (
        "gpai_model",
        "not_high_risk",
    )
    assert with_systemic_risk.systemic_risk is True
    assert {"art53_documentation", "art53_copyright", "art55_systemic_risk"} <= set(
        codes(with_systemic_risk)
    )
    assert "art5_prohibited" not in codes(with_systemic_risk)  # a model is no Art. 5 practice
    open_model = triage(model.model_copy(update={"systemic_risk": False, "open_source": True}))
    assert codes(open_model) == ["art53_copyright"]  # Art. 53(2): the open-source exemption


def test_not_an_ai_system_needs_the_model_question_answered():
    """Every path on which "not an AI system" could hide a model: until it is known that it is
    no GPAI model either, the scope is not decided."""
    unknown = triage(Facts(role="provider", is_ai_system=False, art2_exclusion=False))
    assert unknown.type == "needs_review" and unknown.risk_group == "needs_review"
    assert triage(Facts(role="provider", is_ai_system=False, gpai="none")).type == "out_of_scope"
    assert triage(Facts(role="provider", is_ai_system=False, gpai="system")).type == "out_of_scope"
