from django.contrib import admin
from django.http import HttpRequest

from koers.core.models import Change


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
