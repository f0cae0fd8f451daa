"""The sprints pages of an organisation, under ``/o/<slug>/sprints/``: planning and running
sprints (views/sprints.py) and the wall of wins (views/wins.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from koers.sprints.views import sprints, wins

app_name = "sprints"

urlpatterns: list[URLPattern] = [
    # --- planning, running, closing and measuring sprints (views/sprints.py) ---
    path("", sprints.sprint_list, name="list"),
    path("new/", sprints.sprint_new, name="new"),
    path("outcomes/", sprints.outcomes, name="outcomes"),
    path("dependencies/", sprints.dependency_add, name="dependency_add"),
    path("dependencies/<int:pk>/remove/", sprints.dependency_remove, name="dependency_remove"),
    path("team/<int:pk>/remove/", sprints.team_remove, name="team_remove"),
    path("board/<int:pk>/", sprints.item_update, name="item_update"),
    path("measure/<int:pk>/", sprints.measure, name="measure"),
    path("<int:pk>/", sprints.sprint_page, name="sprint"),
    path("<int:pk>/edit/", sprints.sprint_edit, name="edit"),
    path("<int:pk>/team/", sprints.team_add, name="team_add"),
    path("<int:pk>/constraints/", sprints.constraints_set, name="constraints"),
    path("<int:pk>/checkins/", sprints.checkin_add, name="checkin_add"),
    path("<int:pk>/close/", sprints.sprint_close, name="close"),
    # --- the wall of wins and its newsletter (views/wins.py) ---
    path("wins/", wins.wall, name="wins"),
    path("wins/new/", wins.story_new, name="story_new"),
    path("wins/newsletter/", wins.newsletter, name="newsletter"),
    path("wins/newsletter/pdf/", wins.newsletter_pdf, name="newsletter_pdf"),
    path("wins/<int:pk>/", wins.story_detail, name="story"),
    path("wins/<int:pk>/image/", wins.story_image, name="story_image"),
    path("wins/<int:pk>/edit/", wins.story_edit, name="story_edit"),
    path("wins/<int:pk>/consent/", wins.consent, name="story_consent"),
    path("wins/<int:pk>/publish/", wins.publish, name="story_publish"),
    path("wins/<int:pk>/react/", wins.react, name="story_react"),
    path("wins/<int:pk>/want/", wins.want, name="story_want"),
]
