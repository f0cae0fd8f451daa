"""Voice's pages without login, under /v/: the public link's form and the case-code pages."""

from django.urls import path

from koers.voice.views import case
from koers.voice.views import links as link_views

app_name = "voice_public"

urlpatterns = [
    # --- voice-api: the public link's form (link_views) ---
    path("l/<str:token>/", link_views.link_form, name="link_form"),
    # --- end voice-api ---
    # --- voice-core: the case-code page (the code is POSTed, never part of a URL) ---
    path("case/", case.case, name="case"),
    # --- end voice-core ---
]
