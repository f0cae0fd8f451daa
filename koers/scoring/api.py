"""The scoring API: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from ninja import Router

router = Router()
