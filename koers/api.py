"""The JSON API under /api/v1/: one NinjaAPI, with a router per app."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Koers API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
