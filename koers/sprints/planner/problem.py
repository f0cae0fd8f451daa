"""What the planner is asked: candidates, a capacity and the lead's constraints, checked and
bounded on the way in (a hostile or mistaken input gets a ``ValueError``, never a wrong plan)."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Risk = Literal["low", "medium", "high"]
DataReadiness = Literal["ready", "partial", "missing", "unknown"]

# Ordered from the least to the most risky, and from the least to the most ready.
RISKS: tuple[Risk, ...] = ("low", "medium", "high")
DATA_READINESS: tuple[DataReadiness, ...] = ("unknown", "missing", "partial", "ready")

# Bounds on what one problem may hold: far above a real backlog, low enough that a mistaken or
# hostile input cannot make the planner run for minutes or fill the memory.
MAX_CANDIDATES = 10_000
MAX_VALUE = 1e9
MAX_EFFORT_DAYS = 10_000.0
MAX_CAPACITY_DAYS = 1_000_000.0
MAX_LINKS = 1_000  # dependencies or departments of one candidate


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Candidate(_Frozen):
    """A use case that could go into the sprint."""

    id: int
    value: float = Field(ge=0, le=MAX_VALUE)
    effort_days: float = Field(gt=0, le=MAX_EFFORT_DAYS)
    risk: Risk = "low"
    data_readiness: DataReadiness = "unknown"
    departments: frozenset[int] = Field(default=frozenset(), max_length=MAX_LINKS)
    theme: int | None = None
    # Whether its theme spans several departments.
    cross_departmental: bool = False
    # Ids of candidates that must be in the plan too when this one is.
    depends_on: frozenset[int] = Field(default=frozenset(), max_length=MAX_LINKS)
    # What the naive pick sorts on (the quick-win score in Koers); the value when not given.
    score: float | None = None

    @field_validator("value", "effort_days", "score")
    @classmethod
    def _finite(cls, number: float | None) -> float | None:
        if number is not None and not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number

    @model_validator(mode="after")
    def _not_its_own_dependency(self) -> Candidate:
        if self.id in self.depends_on:
            raise ValueError(f"candidate {self.id} cannot depend on itself")
        return self

    @property
    def sort_score(self) -> float:
        return self.value if self.score is None else self.score

    @property
    def value_per_day(self) -> float:
        return self.value / self.effort_days


class Constraints(_Frozen):
    """What the lead sets; every one is optional."""

    max_risk: Risk | None = None
    # The least data readiness a candidate needs ("partial" or "ready").
    min_data_readiness: Literal["partial", "ready"] | None = None
    max_per_department: int | None = Field(default=None, ge=0, le=MAX_CANDIDATES)
    # At least one candidate of a theme that spans several departments.
    cross_departmental: bool = False
    must_include: frozenset[int] = frozenset()
    must_exclude: frozenset[int] = frozenset()


class Problem(_Frozen):
    candidates: tuple[Candidate, ...] = Field(max_length=MAX_CANDIDATES)
    capacity_days: float = Field(ge=0, le=MAX_CAPACITY_DAYS)
    constraints: Constraints = Constraints()

    @field_validator("capacity_days")
    @classmethod
    def _finite_capacity(cls, number: float) -> float:
        if not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number

    @model_validator(mode="after")
    def _known_ids(self) -> Problem:
        ids = [c.id for c in self.candidates]
        known = set(ids)
        if len(known) != len(ids):
            raise ValueError("candidate ids must be unique")
        for name in ("must_include", "must_exclude"):
            unknown = sorted(getattr(self.constraints, name) - known)
            if unknown:
                raise ValueError(f"{name} names unknown candidates: {unknown}")
        return self

    def by_id(self) -> dict[int, Candidate]:
        return {c.id: c for c in self.candidates}


class Infeasible(ValueError):
    """No plan meets the constraints; ``conflict`` names which ones clash (a short code) and the
    message says it in words, with the candidates concerned."""

    def __init__(self, conflict: str, message: str, candidates: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.conflict = conflict
        self.candidates = candidates
