from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.orgs.models import Department, Organisation, Role, User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    # Django's own message builds its sentence around the field's name, which reads wrongly in
    # Dutch ("Voer een juiste e-mailadres en wachtwoord in").
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. The password is case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("Used in web addresses; made from the name when left empty."),
    )


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class _DepartmentChoice(forms.Form):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(organisation=organisation)


class MembershipForm(_DepartmentChoice):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )


class InvitationForm(_DepartmentChoice):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, min_length=8
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What is it for? e.g. 'reporting'")
    )


class ResetForm(PasswordResetForm):
    """Also for people imported from an HR file, who never had a password."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox, like every e-mail: it leaves after the request, and a failure is
        kept and tried again there (the body, with its reset link, is deleted once sent)."""
        html = ""
        if html_email_template_name is not None:
            html = render_to_string(html_email_template_name, context)
        mail_queue(
            messages=[
                Mail(
                    kind=OutgoingMail.Kind.PASSWORD_RESET,
                    to=to_email,
                    subject=render_to_string(subject_template_name, context),
                    body=render_to_string(email_template_name, context),
                    html=html,
                    language=translation.get_language() or "",
                )
            ]
        )
