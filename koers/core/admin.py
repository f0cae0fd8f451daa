from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from koers.core.models import Change, OutgoingMail


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The audit history: readable by the site superuser, never editable. Changes to a
    person's account (their API tokens) have no organisation: filter on an empty one."""

    list_display = ["created_at", "organisation", "subject", "subject_id", "action", "actor"]
    list_filter = ["organisation", "subject", "action"]
    search_fields = ["subject", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox, for the site superuser: readable, never editable, and without the bodies
    (they may hold a one-time link). Organisation admins retry from their outbox page."""

    list_display = [
        "created_at",
        "organisation",
        "kind",
        "to",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["to", "last_error"]
    exclude = ["body", "html"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutgoingMail]:
        return super().get_queryset(request).defer("body", "html").select_related("organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
