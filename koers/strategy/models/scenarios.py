"""Market scenarios: what a competitor or a new entrant could do, and per department the yearly
cost base and the share of its work GenAI can speed up (``koers.strategy.market`` does the sums)."""

from __future__ import annotations

from django.db import models


class Scenario(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="market_scenarios"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Whole percentages, 0..90 (koers.strategy.market.MAX_GAP).
    price_gap_pct = models.PositiveSmallIntegerField(default=0)
    speed_gap_pct = models.PositiveSmallIntegerField(default=0)
    quality_gap_pct = models.PositiveSmallIntegerField(default=0)
    entrant_share_pct = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class DepartmentBaseline(models.Model):
    """A department's yearly cost base and the share of its work GenAI can speed up."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="department_baselines"
    )
    department = models.OneToOneField(
        "orgs.Department", on_delete=models.CASCADE, related_name="baseline"
    )
    cost_base_eur = models.PositiveBigIntegerField(default=0)  # whole euros per year
    speedable_pct = models.PositiveSmallIntegerField(default=0)  # 0..100

    def __str__(self) -> str:
        return f"Baseline of department {self.department_id}"
