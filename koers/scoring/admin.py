from django.contrib import admin
from django.http import HttpRequest

from koers.scoring.models import ScoringWeights


@admin.register(ScoringWeights)
class ScoringWeightsAdmin(admin.ModelAdmin):
    """Read-only: changes here would bypass the history; leads change weights in Koers."""

    list_display = ["organisation", "hourly_cost_eur", "updated_at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
