"""API schemas for people, organisations and departments, and the error bodies every API
operation shares. Kept apart from the models so the API contract changes only on purpose."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the requester's language.")


class ValidationErrorOut(Schema):
    detail: str = Field(description="A summary: the input was not accepted and nothing changed.")
    errors: dict[str, list[str]] = Field(
        description="Messages per input field; `__all__` holds messages about the input as a whole."
    )


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str = Field(description="Preferred language; empty means 'follow the browser'.")


class OrganisationOut(Schema):
    slug: str = Field(description="The short name used in every organisation's API path.")
    name: str
    role: str = Field(description="My role here: admin, lead, evangelist or member.")


class DepartmentRef(Schema):
    id: int
    name: str


class DepartmentOut(Schema):
    id: int
    name: str
    people: int = Field(description="Active members in this department.")
    usecases: int = Field(description="Use cases this department is involved in.")
