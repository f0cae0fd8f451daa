from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import form_add_errors
from koers.core.http import get_or_404
from koers.orgs import selectors, services
from koers.orgs.forms import (
    AcceptInvitationForm,
    AccountForm,
    DepartmentForm,
    InvitationForm,
    LoginForm,
    MembershipForm,
    OrganisationForm,
    ResetForm,
    TokenForm,
)
from koers.orgs.models import ApiToken, Department, Invitation, Membership, User
from koers.orgs.permissions import Perm
from koers.orgs.selectors import organisation_list_for
from koers.orgs.tenancy import OrgContext, org_view


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "orgs/password_reset_form.html"
    email_template_name = "orgs/password_reset_email.txt"
    subject_template_name = "orgs/password_reset_subject.txt"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


# The newest changes to one's API tokens on the token page.
HISTORY_SHOWN = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list_for(user=_user(request))
    target = request.GET.get("go", "")
    if target and organisations.filter(slug=target).exists():
        return redirect("home:start", org_slug=target)
    return TemplateResponse(
        request, "orgs/organisation_list.html", {"organisations": organisations}
    )


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    if not _user(request).is_superuser:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                name=form.cleaned_data["name"], slug=form.cleaned_data["slug"], admin=_user(request)
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("home:start", org_slug=organisation.slug)
    return TemplateResponse(request, "orgs/organisation_new.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=_user(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("account")
    return TemplateResponse(request, "orgs/account.html", {"form": form})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(
            user=_user(request), name=form.cleaned_data["name"]
        )
        form = TokenForm()
    context = {
        "form": form,
        "tokens": selectors.api_token_list(user=_user(request)),
        "secret": secret,
        "history": selectors.api_token_history(user=_user(request))[:HISTORY_SHOWN],
    }
    return TemplateResponse(request, "orgs/token_list.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=_user(request), token_id=token_id)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("The token is revoked."))
    return redirect("token_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return TemplateResponse(request, "orgs/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    wrong_account = user is not None and user.email.lower() != invitation.email.lower()
    form = AcceptInvitationForm(request.POST or None) if user is None else None
    if request.method == "POST" and not wrong_account and (form is None or form.is_valid()):
        try:
            accepted = services.invitation_accept(
                invitation=invitation,
                user=user,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password"] if form else "",
            )
        except ValidationError as error:
            if form is None:
                raise Http404 from error
            form_add_errors(form, error)
        else:
            if user is None:
                login(request, accepted, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation})
            return redirect("home:start", org_slug=invitation.organisation.slug)
    return TemplateResponse(
        request,
        "orgs/invitation_accept.html",
        {"invitation": invitation, "form": form, "wrong_account": wrong_account},
    )


@org_view(Perm.VIEW_PEOPLE)
def people(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    show = request.GET.get("show", "active")
    active = {"active": True, "inactive": False}.get(show)
    memberships = selectors.membership_list(organisation=ctx.organisation, q=q, active=active)
    return TemplateResponse(
        request,
        "orgs/people.html",
        {"memberships": memberships[:500], "total": memberships.count(), "q": q, "show": show},
    )


def _membership(ctx: OrgContext, pk: int) -> Membership:
    return get_or_404(selectors.membership_get, organisation=ctx.organisation, pk=pk)


@org_view(Perm.MANAGE_PEOPLE)
def person_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    membership = _membership(ctx, pk)
    form = MembershipForm(
        request.POST or None,
        organisation=ctx.organisation,
        initial={"role": membership.role, "department": membership.department},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                ctx,
                membership=membership,
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request, "orgs/person_edit.html", {"form": form, "membership": membership}
    )


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def person_active(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    membership = _membership(ctx, pk)
    try:
        services.membership_set_active(
            ctx, membership=membership, active=request.POST.get("active") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("people", org_slug=ctx.organisation.slug)


@org_view(Perm.MANAGE_PEOPLE)
def invitations(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = InvitationForm(request.POST or None, organisation=ctx.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                ctx,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation to %(email)s queued for sending.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("invitations", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "orgs/invitations.html",
        {
            "form": form,
            "invitations": selectors.invitation_list_open(organisation=ctx.organisation),
        },
    )


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def invitation_revoke(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    try:
        invitation = selectors.invitation_get(organisation=ctx.organisation, pk=pk)
    except Invitation.DoesNotExist as error:
        raise Http404 from error
    services.invitation_revoke(ctx, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("invitations", org_slug=ctx.organisation.slug)


@org_view(Perm.VIEW)
def departments(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = DepartmentForm(request.POST or None)
    if request.method == "POST":
        ctx.require(Perm.MANAGE_DEPARTMENTS)
        if form.is_valid():
            try:
                services.department_create(ctx, name=form.cleaned_data["name"])
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("Department added."))
                return redirect("departments", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "orgs/departments.html",
        {"form": form, "departments": selectors.department_list(organisation=ctx.organisation)},
    )


def _department(ctx: OrgContext, pk: int) -> Department:
    return get_or_404(selectors.department_get, organisation=ctx.organisation, pk=pk)


@org_view(Perm.MANAGE_DEPARTMENTS)
def department_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    department = _department(ctx, pk)
    form = DepartmentForm(request.POST or None, initial={"name": department.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.department_rename(ctx, department=department, name=form.cleaned_data["name"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("departments", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request, "orgs/department_edit.html", {"form": form, "department": department}
    )


@org_view(Perm.MANAGE_DEPARTMENTS)
@require_POST
def department_delete(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    department = _department(ctx, pk)
    try:
        services.department_delete(ctx, department=department)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Department deleted."))
    return redirect("departments", org_slug=ctx.organisation.slug)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Go to the organisation the person used last, or let them choose."""
    organisations = organisation_list_for(user=request.user)  # type: ignore[arg-type]
    last = request.session.get("koers_org")
    if last and organisations.filter(slug=last).exists():
        return redirect("home:start", org_slug=last)
    if organisations.count() == 1:
        return redirect("home:start", org_slug=organisations.get().slug)
    return redirect("organisation_list")
