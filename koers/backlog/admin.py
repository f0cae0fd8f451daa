from django.contrib import admin
from django.http import HttpRequest

from koers.backlog.models import Comment, ScoringWeights, UseCase


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    """For the site superuser. Changes made here bypass the services and their history, so the
    register itself is read-only here: people change use cases in Koers."""

    list_display = ["reference", "title", "organisation", "stage", "vote_count", "created_at"]
    list_filter = ["organisation", "stage", "technique", "personal_data"]
    search_fields = ["title", "external_id"]
    inlines = [CommentInline]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ScoringWeights)
class ScoringWeightsAdmin(admin.ModelAdmin):
    """Read-only: changes here would bypass the history; leads change weights in Koers."""

    list_display = ["organisation", "hourly_cost_eur", "updated_at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
