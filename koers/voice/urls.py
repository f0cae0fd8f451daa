"""Voice's pages inside an organisation: ``/o/<slug>/voice/…``."""

from django.urls import path

from koers.voice.views import (
    actions,
    answers,
    dashboard,
    digest,
    help_requests,
    metoo,
    moderation,
    raising,
    said_did,
)
from koers.voice.views import from_scan as from_scan_views
from koers.voice.views import links as link_views
from koers.voice.views import themes as theme_views

app_name = "voice"

urlpatterns = [
    # --- voice-core: raising, moderation, help requests, actions, me too ---
    path("new/", raising.raise_item, name="new"),
    path("new/code/", raising.raised, name="raised"),
    path("mine/", raising.mine, name="mine"),
    path("moderate/", moderation.moderate, name="moderate"),
    path("items/<str:ref>/", moderation.item_detail, name="item"),
    path("items/<str:ref>/publish/", moderation.item_publish, name="publish"),
    path("items/<str:ref>/withhold/", moderation.item_withhold, name="withhold"),
    path("items/<str:ref>/answer/", answers.item_answer, name="answer"),
    path("items/<str:ref>/reply/", answers.item_reply, name="reply"),
    path("items/<str:ref>/action/", answers.item_action_new, name="item_action_new"),
    path("items/<str:ref>/support/", metoo.support, name="support"),
    path("help/", help_requests.help_list, name="help"),
    path("items/<str:ref>/pick-up/", help_requests.help_pick_up, name="help_pick_up"),
    path("items/<str:ref>/helped/", help_requests.help_done, name="help_done"),
    path("actions/", actions.actions, name="actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/status/", actions.action_status, name="action_status"),
    # --- end voice-core ---
    # --- voice-api: the public links (link_views) ---
    path("links/", link_views.links, name="links"),
    path("links/<int:pk>/", link_views.link_print, name="link_print"),
    path("links/<int:pk>/revoke/", link_views.link_revoke, name="link_revoke"),
    # --- end voice-api ---
    # --- voice-themes: "you said, we did", themes, the digest and the dashboard ---
    path("", said_did.said_did_page, name="said_did"),
    path("themes/", theme_views.themes_page, name="themes"),
    path("themes/recompute/", theme_views.themes_recompute, name="themes_recompute"),
    path("themes/<int:pk>/", theme_views.theme_detail, name="theme"),
    path("themes/<int:pk>/rename/", theme_views.theme_rename, name="theme_rename"),
    path("themes/<int:pk>/merge/", theme_views.theme_merge, name="theme_merge"),
    path("themes/<int:pk>/split/", theme_views.theme_split, name="theme_split"),
    path("themes/<int:pk>/support/", theme_views.theme_support, name="theme_support"),
    path("digest/", digest.digest_page, name="digest"),
    path("digest.pdf", digest.digest_pdf, name="digest_pdf"),
    path("digest.html", digest.digest_email, name="digest_email"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    # The readiness scan's written worries into Voice.
    path("from-scan/", from_scan_views.from_scan, name="from_scan"),
    # --- end voice-themes ---
]
