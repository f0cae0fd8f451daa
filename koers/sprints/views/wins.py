"""The wall of wins: the published stories, a story with its reactions and "can we have this
too?", writing a story with the consent of the people it names, and the newsletter."""

from __future__ import annotations

from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.core.forms import form_add_errors, messages_add_errors
from koers.core.http import get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.selectors import department_list
from koers.orgs.tenancy import OrgContext, org_view
from koers.sprints.models.stories import Story
from koers.sprints.selectors import stories as selectors
from koers.sprints.services import stories as services
from koers.strategy.policy.plain_text import html_to_text

PART_HELP = gettext_lazy(
    "An empty line starts a new paragraph; a line starting with - is a bullet; **bold**."
)


class StoryForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=services.MAX_TITLE)
    problem = forms.CharField(
        label=gettext_lazy("The problem"),
        help_text=gettext_lazy("What went wrong or took too long before?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_PART,
        required=False,
    )
    built = forms.CharField(
        label=gettext_lazy("What the team built"),
        help_text=PART_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_PART,
        required=False,
    )
    result = forms.CharField(
        label=gettext_lazy("The result in numbers"),
        help_text=gettext_lazy(
            "Hours saved, people who use it, fewer errors: measured, not hoped."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MAX_PART,
        required=False,
    )
    quote = forms.CharField(
        label=gettext_lazy("A quote"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=services.MAX_QUOTE,
        required=False,
    )
    quote_by = forms.CharField(
        label=gettext_lazy("Who said it"),
        help_text=gettext_lazy("Name and role; this person is asked for consent too."),
        max_length=services.MAX_NAME,
        required=False,
    )
    next_steps = forms.CharField(
        label=gettext_lazy("What's next"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MAX_PART,
        required=False,
    )
    people = forms.CharField(
        label=gettext_lazy("People named in the story"),
        help_text=gettext_lazy(
            "One name a line. The story is published only when each of them has consented."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MAX_PEOPLE * (services.MAX_NAME + 1),
        required=False,
    )
    image = forms.FileField(
        label=gettext_lazy("Image (optional)"),
        help_text=gettext_lazy(
            "JPEG, PNG, WebP or GIF, at most 5 MB. Stored without its metadata."
        ),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    image_alt = forms.CharField(
        label=gettext_lazy("What the image shows"),
        help_text=gettext_lazy("For colleagues who use a screen reader."),
        max_length=300,
        required=False,
    )
    remove_image = forms.BooleanField(label=gettext_lazy("Remove the image"), required=False)

    def data_for_service(self) -> services.StoryData:
        image = self.cleaned_data.get("image")
        if image is not None and image.size > services.MAX_IMAGE_BYTES:
            raise ValidationError({"image": _("The image is larger than %(n)s MB.") % {"n": 5}})
        return services.StoryData(
            title=self.cleaned_data["title"],
            problem=self.cleaned_data["problem"],
            built=self.cleaned_data["built"],
            result=self.cleaned_data["result"],
            quote=self.cleaned_data["quote"],
            quote_by=self.cleaned_data["quote_by"],
            next_steps=self.cleaned_data["next_steps"],
            people=tuple(line for line in self.cleaned_data["people"].splitlines() if line.strip()),
            image=image.read() if image is not None else None,
            remove_image=self.cleaned_data.get("remove_image", False),
            image_alt=self.cleaned_data["image_alt"],
        )


def _initial(story: Story) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(story, name) for name in ("title", "quote", "quote_by", "image_alt")
    }
    for name in services.RICH_PARTS:
        initial[name] = html_to_text(getattr(story, name))
    initial["people"] = "\n".join(person.name for person in story.people.all())
    return initial


def _visible_story(ctx: OrgContext, pk: int) -> Story:
    """A published story, or one the member may write; 404 for everything else."""
    story = get_or_404(selectors.story_get, organisation=ctx.organisation, pk=pk)
    if story.state != Story.State.PUBLISHED and not services.story_can_write(
        ctx, usecase=story.usecase
    ):
        raise Http404
    return story


def _department(request: HttpRequest) -> int | None:
    value = request.GET.get("department", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@org_view(Perm.VIEW)
def wall(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    department = _department(request)
    return TemplateResponse(
        request,
        "sprints/wins/wall.html",
        {
            "stories": selectors.wall(organisation=ctx.organisation, department=department)[:100],
            "departments": department_list(organisation=ctx.organisation),
            "department": department,
            "in_progress": selectors.stories_writable(ctx)[:50],
            "can_write": selectors.delivered_usecases(ctx).exists(),
            "can_send": ctx.can(Perm.WRITE_STORIES),
        },
    )


def _story_page(
    request: HttpRequest, ctx: OrgContext, story: Story, similar: list[Any] | None = None
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "sprints/wins/story.html",
        {
            "page": selectors.story_page(ctx, story=story),
            "can_write": services.story_can_write(ctx, usecase=story.usecase),
            "can_ask": ctx.can(Perm.SUBMIT_USECASE),
            "my_department": ctx.membership.department,
            # Those that may ask: not the departments the story is about.
            "departments": department_list(organisation=ctx.organisation).exclude(
                usecases=story.usecase
            ),
            "can_react": ctx.can(Perm.REACT_TO_STORIES),
            "similar": similar or [],
            "asked_for": request.POST.get("department", ""),
        },
    )


@org_view(Perm.VIEW)
def story_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _story_page(request, ctx, _visible_story(ctx, pk))


@org_view(Perm.VIEW)
def story_image(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    story = _visible_story(ctx, pk)
    if not story.image:
        raise Http404
    response = HttpResponse(bytes(story.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view(Perm.VIEW)
def story_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    delivered = selectors.delivered_usecases(ctx)
    usecase_id = request.POST.get("usecase") or request.GET.get("usecase") or ""
    usecase = None
    if usecase_id.isdigit() and len(usecase_id) < 12:
        usecase = delivered.filter(pk=int(usecase_id)).first()
    if usecase is None:
        return TemplateResponse(
            request,
            "sprints/wins/choose.html",
            {"usecases": delivered.prefetch_related("departments")},
        )
    form = StoryForm(request.POST or None, request.FILES or None, initial={"title": usecase.title})
    del form.fields["remove_image"]
    if request.method == "POST" and form.is_valid():
        try:
            data = form.data_for_service()
            story = services.story_create(ctx, usecase=usecase, data=data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The story is saved as a draft."))
            return redirect("sprints:story", org_slug=ctx.organisation.slug, pk=story.pk)
    return TemplateResponse(
        request, "sprints/wins/form.html", {"form": form, "usecase": usecase, "story": None}
    )


@org_view(Perm.VIEW)
def story_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    story = get_or_404(selectors.story_get, organisation=ctx.organisation, pk=pk)
    if not services.story_can_write(ctx, usecase=story.usecase):
        raise Http404
    form = StoryForm(request.POST or None, request.FILES or None, initial=_initial(story))
    if not story.image:
        del form.fields["remove_image"]
    if request.method == "POST" and form.is_valid():
        try:
            data = form.data_for_service()
            services.story_update(ctx, story=story, data=data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The story is saved."))
            return redirect("sprints:story", org_slug=ctx.organisation.slug, pk=story.pk)
    return TemplateResponse(
        request, "sprints/wins/form.html", {"form": form, "usecase": story.usecase, "story": story}
    )


def _back(ctx: OrgContext, story: Story) -> HttpResponse:
    return redirect("sprints:story", org_slug=ctx.organisation.slug, pk=story.pk)


def _person(story: Story, value: str) -> Any:
    """The named person of the form; ValidationError when the form names none of the story's."""
    found = None
    if value.isdigit() and len(value) < 12:
        found = story.people.filter(pk=int(value)).first()
    if found is None:
        raise ValidationError(_("Choose a person named in this story."))
    return found


@org_view(Perm.VIEW)
@require_POST
def consent(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Record a named person's consent, or (``withdraw``) its withdrawal."""
    story = get_or_404(selectors.story_get, organisation=ctx.organisation, pk=pk)
    if not services.story_can_write(ctx, usecase=story.usecase):
        raise Http404
    try:
        person = _person(story, request.POST.get("person", ""))
        if request.POST.get("withdraw"):
            services.consent_withdraw(ctx, person=person)
            messages.success(request, _("%(name)s's consent is withdrawn.") % {"name": person.name})
        else:
            services.consent_record(ctx, person=person, how=request.POST.get("how", "")[:1000])
            messages.success(request, _("%(name)s's consent is recorded.") % {"name": person.name})
    except ValidationError as error:
        messages_add_errors(request, error)
    return _back(ctx, story)


@org_view(Perm.VIEW)
@require_POST
def publish(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    story = get_or_404(selectors.story_get, organisation=ctx.organisation, pk=pk)
    if not services.story_can_write(ctx, usecase=story.usecase):
        raise Http404
    try:
        if request.POST.get("withdraw"):
            services.story_withdraw(ctx, story=story, reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("The story is off the wall."))
        else:
            services.story_publish(ctx, story=story)
            messages.success(request, _("The story is on the wall of wins."))
    except ValidationError as error:
        messages_add_errors(request, error)
    return _back(ctx, story)


@org_view(Perm.REACT_TO_STORIES)
@require_POST
def react(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    story = _visible_story(ctx, pk)
    try:
        services.reaction_toggle(ctx, story=story, kind=request.POST.get("kind", "")[:20])
    except ValidationError as error:
        messages_add_errors(request, error)
    return _back(ctx, story)


@org_view(Perm.SUBMIT_USECASE)
@require_POST
def want(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """ "Can we have this too?" for the member's department (or the one they choose)."""
    story = _visible_story(ctx, pk)
    value = request.POST.get("department", "")
    department_id = int(value) if value.isdigit() and len(value) < 12 else None
    try:
        asked = services.story_request(
            ctx,
            story=story,
            department_id=department_id,
            add_anyway=bool(request.POST.get("add_anyway")),
        )
    except ValidationError as error:
        messages_add_errors(request, error)
        return _back(ctx, story)
    if asked.request is None:
        return _story_page(request, ctx, story, similar=asked.similar)
    usecase = asked.request.usecase
    if asked.created:
        messages.success(
            request,
            _("Your request is on the backlog as %(reference)s for %(department)s.")
            % {"reference": usecase.reference, "department": asked.request.department.name},
        )
    else:
        messages.info(
            request,
            _("%(department)s asked for this before: %(reference)s.")
            % {"reference": usecase.reference, "department": asked.request.department.name},
        )
    return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)


# --- the newsletter -------------------------------------------------------------------------------


def _digest(request: HttpRequest, ctx: OrgContext) -> selectors.WinsDigest:
    source = request.POST if request.method == "POST" else request.GET
    since = None
    form = forms.DateField(required=False)
    try:
        since = form.clean(source.get("since", "")[:20])
    except ValidationError:
        since = None
    return selectors.digest_build(
        organisation=ctx.organisation,
        since=since,
        days=selectors.period_days(source.get("days")),
    )


@csp_update({"style-src-attr": [UNSAFE_INLINE]})
@org_view(Perm.WRITE_STORIES)
def newsletter(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The lead's page: the digest as the e-mail shows it, the PDF, and sending it."""
    digest = _digest(request, ctx)
    if request.method == "POST":
        try:
            sent = services.digest_send(ctx, digest=digest)
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(
                request,
                _("The newsletter is on its way to %(n)s members.") % {"n": sent},
            )
            return redirect("sprints:newsletter", org_slug=ctx.organisation.slug)
    language = translation.get_language()
    preview = render_to_string(
        "sprints/wins/digest_email_body.html",
        {
            "digest": digest,
            "stories": [selectors.story_html_parts(story) for story in digest.stories],
            "base": request.build_absolute_uri("/").rstrip("/"),
            "language": language,
        },
    )
    return TemplateResponse(
        request,
        "sprints/wins/newsletter.html",
        {
            "digest": digest,
            "preview": preview,
            "pdf_available": selectors.pdf_available(),
            "query": request.GET.urlencode(),
        },
    )


@org_view(Perm.WRITE_STORIES)
def newsletter_pdf(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if not selectors.pdf_available():
        return TemplateResponse(request, "sprints/wins/pdf_unavailable.html", {}, status=503)
    digest = _digest(request, ctx)
    pdf = selectors.digest_pdf(digest, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wins-{digest.until}.pdf"'
    return response
