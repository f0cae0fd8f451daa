"""koers.core writes selects faster than Django's templates do (its select template writes the
options in place; its renderer writes the whole select in Python): what either renders must be
Django's own markup."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.utils.safestring import mark_safe

from koers.core.forms import FormRenderer
from koers.orgs.models import Department


class _Form(forms.Form):
    one = forms.ChoiceField(choices=[("", "—"), ("a", "Aap & <b>"), ("b", 'Noot "n"')])
    grouped = forms.ChoiceField(
        choices=[("Dieren", [("a", "Aap"), ("b", "Beer")]), ("Fruit & <i>", [("c", "Citroen")])]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    numbers = forms.TypedChoiceField(coerce=int, choices=[(1, "één"), (2, mark_safe("<em>2</em>"))])
    with_attrs = forms.ChoiceField(
        choices=[("a", "A")],
        widget=forms.Select(
            attrs={"data-x": 'a"b<c', "disabled": True, "hidden": False, "data-n": 3}
        ),
    )


def _squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", markup).strip()


FIELDS = ["one", "grouped", "many", "numbers", "with_attrs"]
DATA = [None, {"one": "b", "grouped": "c", "many": ["x", "y"], "numbers": "2", "with_attrs": "a"}]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", FIELDS)
def test_its_select_template_renders_as_django_does(data, name):
    ours = str(_Form(data, renderer=TemplatesSetting())[name])
    djangos = str(_Form(data, renderer=DjangoTemplates())[name])
    assert _squeezed(ours) == _squeezed(djangos)
    assert "<b>" not in ours


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", FIELDS)
def test_its_renderer_writes_the_same_markup_as_its_template(data, name):
    written = str(_Form(data, renderer=FormRenderer())[name])
    templated = str(_Form(data, renderer=TemplatesSetting())[name])
    assert written == templated


@pytest.mark.django_db
def test_its_renderer_writes_a_model_choice_as_its_template_does(org):
    Department.objects.create(organisation=org, name="Zorg & <Welzijn>")

    class Chosen(forms.Form):
        department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)

    written = str(Chosen(renderer=FormRenderer())["department"])
    assert written == str(Chosen(renderer=TemplatesSetting())["department"])
    assert "Zorg &amp; &lt;Welzijn&gt;" in written


class _Inputs(forms.Form):
    text = forms.CharField(max_length=20, help_text="Say it <b>short</b>")
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=1)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


INPUTS = [
    None,
    {"text": 'Aap & "noot" <b>', "email": "a@b.nl", "number": "3", "area": "Line 1\n<script>"},
    {"text": "", "email": "no mail", "number": "0", "secret": "x", "hidden": "1", "area": ""},
]


@pytest.mark.parametrize("data", INPUTS)
def test_its_renderer_writes_inputs_text_areas_and_errors_as_the_templates_do(data):
    written, templated = (
        _Inputs(data, renderer=FormRenderer()),
        _Inputs(data, renderer=TemplatesSetting()),
    )
    assert written.as_div() == templated.as_div()
    for name in _Inputs.base_fields:
        assert str(written[name]) == str(templated[name])
        assert str(written[name].errors) == str(templated[name].errors)
    assert str(written.non_field_errors()) == str(templated.non_field_errors()) == ""


def test_an_option_with_a_template_of_its_own_goes_through_the_template():
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Own)

    assert str(Form(renderer=FormRenderer())["pick"]) == str(
        Form(renderer=TemplatesSetting())["pick"]
    )


def test_the_project_renders_widgets_with_its_own_renderer(settings):
    assert settings.FORM_RENDERER == "koers.core.forms.FormRenderer"
