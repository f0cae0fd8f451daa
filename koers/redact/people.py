"""The names of people in a text: the directory's (``names``) and those found by their shape
(``unlisted``), without the names of things (``things``), joined where they stand together."""

from __future__ import annotations

from collections.abc import Iterator

from koers.redact.names import PERSON, Directory, Reader, _Match
from koers.redact.things import Things
from koers.redact.unlisted import unlisted_people


def people(
    text: str,
    directory: Directory | None = None,
    *,
    by_shape: bool = True,
    sloppy: bool | None = None,
) -> Iterator[tuple[str, int, int]]:
    """The names in ``text`` as ``("person", start, end)``: the directory's, and (``by_shape``)
    those of people not in it found by their shape (``koers.redact.unlisted``); names right
    beside each other ("Anouk Visser", two people's first and last name) or overlapping joined
    into one span."""
    reader = Reader(text, directory if directory is not None else Directory(), sloppy=sloppy)
    if by_shape:
        shaped = [_Match(m.first, m.last, m.start, m.end, True) for m in unlisted_people(reader)]
        settled = reader.matches(also=shaped) + shaped
        found = [(m.first, m.last, m.start, m.end) for m in settled]
        things = Things(reader)
        found = [match for match in found if not things.cover(match[0], match[1])]
    else:
        found = [(m.first, m.last, m.start, m.end) for m in reader.matches()]
    merged: list[tuple[int, int, int, int]] = []
    for first, last, start, end in sorted(found, key=lambda match: (match[2], -match[3])):
        if merged:
            p_first, p_last, p_start, p_end = merged[-1]
            overlaps = start < p_end
            beside = p_end == reader.tokens[p_last].end and reader.joined(p_last, first)
            if overlaps or beside:
                if last > p_last:
                    p_last, p_end = last, end
                elif last == p_last:
                    p_end = min(p_end, end)  # a possessive "s" stays outside
                merged[-1] = (min(first, p_first), p_last, p_start, p_end)
                continue
        merged.append((first, last, start, end))
    for _first, _last, start, end in merged:
        yield PERSON, start, end
