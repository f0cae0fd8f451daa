"""The answering page writes its radio buttons and check boxes itself (``choice_inputs``): they
must be what Django's widgets would render, in every state a respondent can see."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils.html import conditional_escape

from koers.diagnostic.forms.answer import choice_inputs


def _django(bound: forms.BoundField) -> str:
    """The markup the page had when it looped over the field's subwidgets in the template."""
    return "".join(
        f'<label class="scan-option" for="{c.id_for_label}">{c.tag()}'
        f"<span>{conditional_escape(c.choice_label)}</span></label>"
        for c in bound
    )


def _normalised(markup: str) -> list[str]:
    """Each tag with its attributes sorted, so that attribute order does not count."""
    tags = re.findall(r"<[^>]+>|[^<]+", markup)
    out = []
    for tag in tags:
        match = re.match(r"<(\w+)(.*?)(/?)>$", tag, re.S)
        if not match:
            out.append(tag)
            continue
        name, attrs, close = match.groups()
        parts = sorted(re.findall(r'[\w-]+(?:="[^"]*")?', attrs))
        out.append(f"<{name} {' '.join(parts)}{close}>")
    return out


class _Form(forms.Form):
    point = forms.ChoiceField(
        choices=[("1", "Oneens <b>"), ("2", 'Eens "zeker"'), ("dont_know", "Weet niet")],
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        choices=[("chat", "Chat & co"), ("code", "Code")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@pytest.mark.parametrize(
    "data",
    [
        None,  # an empty page
        {"point": "2", "kinds": ["chat", "code"]},  # answered
        {"kinds": ["code"]},  # the required question missing: aria-invalid
        {"point": "<script>"},  # a value that is not an option
    ],
)
@pytest.mark.parametrize("name", ["point", "kinds"])
def test_the_options_are_what_djangos_widgets_render(data, name):
    form = _Form(data)
    form.is_valid()
    bound = form[name]
    assert _normalised(str(choice_inputs(bound))) == _normalised(_django(bound))


def test_labels_and_values_are_escaped():
    markup = str(choice_inputs(_Form()["point"]))
    assert "<b>" not in markup
    assert "Oneens &lt;b&gt;" in markup
    assert "Eens &quot;zeker&quot;" in markup
