"""API schemas for people, organisations and departments, and the error bodies every API
operation shares. Kept apart from the models so the API contract changes only on purpose."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, Field, ModelWrapValidatorHandler, model_validator
from pydantic_core import PydanticCustomError


class BodyIn(Schema):
    """A request body: one JSON object. Every body schema derives from it.

    ninja's ``Schema`` reads the attributes of whatever it is given, so without this a list or a
    string would pass as a body whose fields all have defaults. A key the schema does not know
    (a misspelt field) is refused too, rather than ignored."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _one_object(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(data, dict | cls):
            raise PydanticCustomError("json_object", _("Send one JSON object."))
        return handler(data)


class FromObject(Schema):
    """An answer read from an object's attributes, with ``resolve_<field>`` static methods for
    the computed fields (``Model.model_validate(obj)``, or return ``obj`` and let ``response=``
    validate it).

    An instance of the schema itself passes as it is: ninja would read it again, through the
    resolvers, which expect the object, when a schema with it as a field is validated."""

    model_config = ConfigDict(from_attributes=True)

    @model_validator(mode="wrap")
    @classmethod
    def _validated_already(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        return data if isinstance(data, cls) else handler(data)


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the requester's language.")


class ValidationErrorOut(Schema):
    detail: str = Field(description="A summary: the input was not accepted and nothing changed.")
    errors: dict[str, list[str]] = Field(
        description="Messages per input field; `__all__` holds messages about the input as a whole."
    )


class MeOut(FromObject):
    id: int
    email: str
    name: str
    language: str = Field(description="Preferred language; empty means 'follow the browser'.")


class OrganisationOut(FromObject):
    slug: str = Field(description="The short name used in every organisation's API path.")
    name: str
    role: str = Field(description="My role here: admin, lead, evangelist or member.")


class DepartmentRef(FromObject):
    id: int
    name: str


class DepartmentOut(FromObject):
    id: int
    name: str
    people: int = Field(description="Active members in this department.")
    usecases: int = Field(
        validation_alias="usecase_total", description="Use cases this department is involved in."
    )
