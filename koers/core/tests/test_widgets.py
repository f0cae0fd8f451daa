"""koers.core overrides Django's select widget template (options written in place, for speed):
what it renders must be Django's own markup."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class _Form(forms.Form):
    one = forms.ChoiceField(choices=[("", "—"), ("a", "Aap & <b>"), ("b", 'Noot "n"')])
    grouped = forms.ChoiceField(
        choices=[("Dieren", [("a", "Aap"), ("b", "Beer")]), ("Fruit", [("c", "Citroen")])]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)


def _squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", markup).strip()


@pytest.mark.parametrize("data", [None, {"one": "b", "grouped": "c", "many": ["x", "y"]}])
@pytest.mark.parametrize("name", ["one", "grouped", "many"])
def test_it_renders_selects_as_django_does(data, name):
    ours = str(_Form(data, renderer=TemplatesSetting())[name])
    djangos = str(_Form(data, renderer=DjangoTemplates())[name])
    assert _squeezed(ours) == _squeezed(djangos)
    assert "<b>" not in ours


def test_the_project_renders_widgets_with_its_own_templates(settings):
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
