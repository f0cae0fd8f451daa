from django.contrib import admin
from django.urls import include, path

from koers.api import api
from koers.core import views as core_views
from koers.orgs import outbox_views
from koers.orgs import views as orgs_views

urlpatterns = [
    path("", orgs_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("", include("koers.orgs.urls")),
    path("o/<slug:org_slug>/outbox/", outbox_views.outbox, name="outbox"),
    path("o/<slug:org_slug>/outbox/retry/", outbox_views.outbox_retry, name="outbox_retry"),
    path("o/<slug:org_slug>/", include("koers.backlog.urls")),
    path("o/<slug:org_slug>/", include("koers.triage.urls")),
    path("o/<slug:org_slug>/", include("koers.diagnostic.urls")),
    path("o/<slug:org_slug>/voice/", include("koers.voice.urls")),
    path("o/<slug:org_slug>/academy/", include("koers.academy.urls")),
    path("o/<slug:org_slug>/strategy/", include("koers.strategy.urls")),
    path("o/<slug:org_slug>/sprints/", include("koers.sprints.urls")),
    path("o/<slug:org_slug>/start/", include("koers.home.urls")),
    path("s/", include("koers.diagnostic.urls_public")),
    path("v/", include("koers.voice.urls_public")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
