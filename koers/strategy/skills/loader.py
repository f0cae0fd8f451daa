"""Load the skills catalogue Koers ships, validated against the schema. The JSON file is package
data next to this module, so it loads the same from a checkout, an editable install or a wheel."""

from __future__ import annotations

from functools import cache
from importlib import resources

from koers.strategy.skills.schema import Catalogue

CATALOGUE_FILE = "catalogue.json"


def parse_catalogue(text: str) -> Catalogue:
    """A catalogue from its JSON text; pydantic's ValidationError says what is wrong."""
    return Catalogue.model_validate_json(text)


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue of AI skills; an organisation works on its own copy."""
    text = resources.files("koers.strategy.skills").joinpath(CATALOGUE_FILE).read_text("utf-8")
    return parse_catalogue(text)
