"""Editing an instrument's definition: pure operations on its JSON shape, no Django.

Every operation takes a definition (``koers.diagnostic.instruments.schema.Instrument`` as
JSON), returns a changed copy and never touches its input; ``check`` then validates the whole
result with the schema, so an edit is saved whole or not at all. What goes wrong comes back as
``Problem``s: the form field it belongs to and a code the page turns into a translated message.

Ids are made from the English text (snake_case, unique in the instrument) when something is
added, and kept when it is edited, so answers stored against an id keep their meaning. Options
and matrix rows are written one per line as ``Nederlands | English``; an edited line keeps the id
of the option with the same English (or else the same Dutch) text.

One module per part: ``common`` (definitions, problems), ``texts`` (ids and texts),
``definition`` (the whole), ``sections``, ``questions``, ``checking`` and ``barrier_coverage``;
callers use the names from this package (``from koers.diagnostic.instruments import edit``).
"""

from koers.diagnostic.instruments.edit.barrier_coverage import RELIABLE_ITEMS, Coverage, coverage
from koers.diagnostic.instruments.edit.checking import check, focus_of_question, focus_of_section
from koers.diagnostic.instruments.edit.common import (
    LANGUAGES,
    QUESTION_TYPES,
    Definition,
    EditError,
    Loc,
    Problem,
)
from koers.diagnostic.instruments.edit.definition import (
    STARTER_INTRO,
    STARTER_QUESTION,
    STARTER_SECTION_TITLE,
    details_update,
    empty_definition,
    find_question,
    find_section,
    question_ids,
)
from koers.diagnostic.instruments.edit.questions import (
    question_delete,
    question_fields,
    question_move,
    question_save,
    question_values,
)
from koers.diagnostic.instruments.edit.sections import section_delete, section_move, section_save
from koers.diagnostic.instruments.edit.texts import (
    ID_MAX_LENGTH,
    ID_MAX_WORDS,
    format_lines,
    make_id,
    optional_text,
    options_from,
    parse_lines,
    text,
)

__all__ = [
    "ID_MAX_LENGTH",
    "ID_MAX_WORDS",
    "LANGUAGES",
    "QUESTION_TYPES",
    "RELIABLE_ITEMS",
    "STARTER_INTRO",
    "STARTER_QUESTION",
    "STARTER_SECTION_TITLE",
    "Coverage",
    "Definition",
    "EditError",
    "Loc",
    "Problem",
    "check",
    "coverage",
    "details_update",
    "empty_definition",
    "find_question",
    "find_section",
    "focus_of_question",
    "focus_of_section",
    "format_lines",
    "make_id",
    "optional_text",
    "options_from",
    "parse_lines",
    "question_delete",
    "question_fields",
    "question_ids",
    "question_move",
    "question_save",
    "question_values",
    "section_delete",
    "section_move",
    "section_save",
    "text",
]
