"""Editing an instrument's definition without Django: ids, lines, operations and checks."""

from __future__ import annotations

from typing import Any

import pytest

from koers.diagnostic.instruments import edit as edit
from koers.diagnostic.instruments.edit import EditError, Problem
from koers.diagnostic.instruments.loader import load_default_scan

SCAN: dict[str, Any] = load_default_scan().model_dump(mode="json")


def likert(**values: Any) -> dict[str, Any]:
    base = {"text_nl": "Ik heb geen tijd.", "text_en": "I have no time.", "required": True}
    return edit.question_fields("likert5", {**base, **values})


def single(options: str, **values: Any) -> dict[str, Any]:
    base = {"text_nl": "Hoe vaak?", "text_en": "How often?", "options": options, "required": True}
    return edit.question_fields("single", {**base, **values})


def problems(error: pytest.ExceptionInfo[EditError]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in error.value.problems]


class TestIds:
    def test_it_makes_snake_case_from_the_first_english_words(self):
        assert (
            edit.make_id("I'd like to help colleagues with AI!", ())
            == "id_like_to_help_colleagues_with"
        )

    def test_it_drops_accents_and_keeps_ids_unique(self):
        assert edit.make_id("Café privacy", {"cafe_privacy"}) == "cafe_privacy_2"
        assert edit.make_id("Café privacy", {"cafe_privacy", "cafe_privacy_2"}) == "cafe_privacy_3"

    def test_it_falls_back_when_the_text_has_no_letters(self):
        assert edit.make_id("?!", (), fallback="question") == "question"
        assert edit.make_id("2025 plans", (), fallback="question") == "question_2025_plans"


class TestLines:
    def test_it_reads_one_option_per_line_as_dutch_bar_english(self):
        assert edit.parse_lines("Ja | Yes\n\n Nee|No ", field="options") == [
            {"nl": "Ja", "en": "Yes"},
            {"nl": "Nee", "en": "No"},
        ]

    @pytest.mark.parametrize(
        "lines", ["Ja | Yes\nNee", "Ja | Yes\n | No", "Ja | Yes\nNee | No | x"]
    )
    def test_it_names_the_line_without_both_languages(self, lines):
        with pytest.raises(EditError) as error:
            edit.parse_lines(lines, field="options")
        assert error.value.problems == [Problem("options", "line_format", "2")]

    def test_an_edited_label_keeps_its_id_and_a_new_one_gets_its_own(self):
        before = edit.options_from(edit.parse_lines("Ja | Yes\nNee | No", field="o"))
        after = edit.options_from(
            edit.parse_lines("Nee | Not really\nJa | Yes\nMisschien | Maybe", field="o"), before
        )
        assert [o["id"] for o in after] == ["no", "yes", "maybe"]


class TestQuestions:
    def test_a_new_question_gets_an_id_from_its_english_text(self):
        changed, question_id = edit.question_save(SCAN, fields=likert(), section_id="motivation")
        assert question_id == "i_have_no_time"
        assert edit.check(changed).sections[4].questions[-1].id == "i_have_no_time"
        assert SCAN["sections"][4]["questions"][-1]["id"] != "i_have_no_time"  # input untouched

    def test_an_edit_keeps_the_id_even_when_the_english_changes(self):
        fields = likert(text_en="Other things always come first.", barrier="other_priorities")
        changed, question_id = edit.question_save(
            SCAN, fields=fields, question_id="priorities_more_important_now"
        )
        assert question_id == "priorities_more_important_now"
        question = next(q for q in edit.check(changed).questions() if q.id == question_id)
        assert question.text.en == "Other things always come first."

    def test_measuring_an_undeclared_barrier_declares_it_with_koers_actions(self):
        empty = edit.empty_definition("Pulse")
        changed, _id = edit.question_save(
            empty, fields=likert(barrier="job_displacement"), section_id="questions"
        )
        instrument = edit.check(changed)
        assert [b.id for b in instrument.barriers] == ["job_displacement"]
        assert instrument.barriers[0].actions

    def test_the_type_of_a_question_stays(self):
        with pytest.raises(EditError) as error:
            edit.question_save(
                SCAN, fields=single("Ja | Yes\nNee | No"), question_id="open_worries"
            )
        assert problems(error) == [("", "type_changed")]

    def test_an_opt_in_question_gets_a_yes_option(self):
        fields = single("Graag | Gladly\nLiever niet | Rather not", evangelist_opt_in=True)
        fields["required"] = False
        changed, question_id = edit.question_save(
            edit.empty_definition("Pulse"), fields=fields, section_id="questions"
        )
        question = next(q for q in edit.check(changed).questions() if q.id == question_id)
        assert [o.id for o in question.options] == ["yes", "rather_not"]

    @pytest.mark.parametrize(
        ("kind", "values"),
        [
            ("likert7", {"motivation": True, "reverse": True, "dont_know": True}),
            ("multiple", {"options": "Chat | Chat\nBeeld | Images"}),
            ("matrix", {"rows": "Mail | E-mail", "scale": "Nooit | Never\nVaak | Often"}),
            (
                "scale10",
                {
                    "low_label_nl": "Helemaal niet",
                    "low_label_en": "Not at all",
                    "high_label_nl": "Volledig",
                    "high_label_en": "Completely",
                },
            ),
            ("text", {"max_length": 300, "destination": "voice", "help_nl": "", "help_en": ""}),
        ],
    )
    def test_every_type_round_trips_through_the_form_values(self, kind, values):
        fields = edit.question_fields(kind, {"text_nl": "Vraag", "text_en": "Question", **values})
        changed, question_id = edit.question_save(
            edit.empty_definition("Pulse"), fields=fields, section_id="questions"
        )
        edit.check(changed)
        stored = changed["sections"][0]["questions"][-1]
        again = edit.question_fields(kind, edit.question_values(stored))
        assert edit.question_save(changed, fields=again, question_id=question_id)[0] == changed

    def test_a_question_moves_across_the_edge_of_its_section(self):
        first_of_second = SCAN["sections"][1]["questions"][0]["id"]
        changed = edit.question_move(SCAN, first_of_second, -1)
        assert changed["sections"][0]["questions"][-1]["id"] == first_of_second
        assert edit.question_move(changed, first_of_second, +1) == SCAN

    def test_the_last_question_of_a_section_is_not_deleted(self):
        with pytest.raises(EditError) as error:
            edit.question_delete(SCAN, "evangelist_opt_in")
        assert problems(error) == [("", "section_empty")]
        assert len(edit.question_delete(SCAN, "open_worries")["sections"][5]["questions"]) == 2


class TestSections:
    def test_a_new_section_starts_with_one_open_question(self):
        title = edit.text("Tot slot", "Finally")
        changed, section_id = edit.section_save(SCAN, None, title=title, intro=None)
        assert section_id == "finally"
        section = edit.check(changed).sections[-1]
        assert section.title.en == "Finally" and len(section.questions) == 1

    def test_sections_move_and_are_deleted_but_never_the_last(self):
        moved = edit.section_move(SCAN, "motivation", -1)
        assert [s["id"] for s in moved["sections"]][3:5] == ["motivation", "data_and_trust"]
        assert edit.section_move(SCAN, "usage_today", -1) == SCAN
        empty = edit.empty_definition("Pulse")
        with pytest.raises(EditError) as error:
            edit.section_delete(empty, "questions")
        assert problems(error) == [("", "last_section")]

    def test_an_unknown_section_is_reported_not_raised_as_a_crash(self):
        with pytest.raises(EditError) as error:
            edit.section_move(SCAN, "gone", 1)
        assert problems(error) == [("", "not_found")]


class TestCheck:
    def test_a_blank_english_text_is_put_on_its_field(self):
        changed, question_id = edit.question_save(
            SCAN, fields=likert(), question_id="pace_better_to_wait"
        )
        changed["sections"][1]["questions"][5]["text"]["en"] = " "
        with pytest.raises(EditError) as error:
            edit.check(changed, focus=edit.focus_of_question(changed, question_id))
        assert problems(error) == [("text_en", "blank")]

    def test_rules_across_fields_are_put_on_the_field_that_breaks_them(self):
        fields = likert(barrier="other_priorities", motivation=True)
        changed, question_id = edit.question_save(SCAN, fields=fields, section_id="motivation")
        with pytest.raises(EditError) as error:
            edit.check(changed, focus=edit.focus_of_question(changed, question_id))
        assert problems(error) == [("motivation", "barrier_and_motivation")]

    def test_a_second_opt_in_question_is_refused_on_its_flag(self):
        fields = single("Ja | Yes\nNee | No", evangelist_opt_in=True)
        fields["required"] = False
        changed, question_id = edit.question_save(SCAN, fields=fields, section_id="motivation")
        with pytest.raises(EditError) as error:
            edit.check(changed, focus=edit.focus_of_question(changed, question_id))
        assert problems(error) == [("evangelist_opt_in", "one_opt_in")]

    def test_a_required_opt_in_question_is_refused(self):
        fields = single("Ja | Yes\nNee | No", evangelist_opt_in=True)
        changed, question_id = edit.question_save(
            edit.empty_definition("Pulse"), fields=fields, section_id="questions"
        )
        with pytest.raises(EditError) as error:
            edit.check(changed, focus=edit.focus_of_question(changed, question_id))
        assert problems(error) == [("required", "opt_in_required")]

    def test_too_few_options_are_counted_on_the_options_field(self):
        changed, question_id = edit.question_save(
            SCAN, fields=single("Ja | Yes"), section_id="motivation"
        )
        with pytest.raises(EditError) as error:
            edit.check(changed, focus=edit.focus_of_question(changed, question_id))
        assert error.value.problems == [Problem("options", "too_few", "2")]


def test_coverage_warns_about_barriers_with_fewer_than_three_items():
    changed = edit.question_delete(SCAN, "pace_cannot_keep_up")
    changed = edit.question_delete(changed, "pace_better_to_wait")
    found = {c.barrier: c for c in edit.coverage(edit.check(changed))}
    assert found["pace_of_change"].items == 2 and not found["pace_of_change"].reliable
    assert found["privacy_ethics"].reliable
