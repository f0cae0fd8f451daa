"""The organisation's scan settings: the anonymity threshold and the language of its reports."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.diagnostic.services import MAX_MIN_RESPONDENTS, scan_settings_update
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


class ScanSettingsForm(forms.Form):
    min_respondents = forms.IntegerField(
        label=gettext_lazy("Minimum respondents per figure"),
        min_value=3,
        max_value=MAX_MIN_RESPONDENTS,
        help_text=gettext_lazy(
            "No figure, chart, export or open answer is shown for fewer people. At least 3."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of reports"), choices=settings.LANGUAGES
    )


@org_view(Perm.MANAGE_SCANS)
@require_POST
def scan_settings_edit(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = ScanSettingsForm(request.POST)
    if form.is_valid():
        try:
            scan_settings_update(ctx, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The scan settings are saved."))
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(
            request, _("Nothing was saved: %(problems)s") % {"problems": " ".join(problems)}
        )
    return redirect("diagnostic:scans", org_slug=ctx.organisation.slug)
