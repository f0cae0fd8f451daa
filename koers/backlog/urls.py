from django.urls import path

from koers.backlog.views import scoring, starter, themes
from koers.backlog.views import transfer as transfer_views
from koers.backlog.views import usecases as views

app_name = "backlog"

urlpatterns = [
    path("", views.usecase_list, name="list"),
    path("usecases/new/", views.usecase_new, name="new"),
    path("usecases/similar/", views.usecase_similar, name="similar"),
    path("usecases/<int:pk>/", views.usecase_detail, name="detail"),
    path("usecases/<int:pk>/edit/", views.usecase_edit, name="edit"),
    path("usecases/<int:pk>/vote/", views.usecase_vote, name="vote"),
    path("usecases/<int:pk>/stage/", views.usecase_stage, name="stage"),
    path("usecases/<int:pk>/comments/", views.usecase_comment, name="comment"),
    path("usecases/<int:pk>/history/", views.usecase_history, name="history"),
    path("usecases/<int:pk>/merge/", views.usecase_merge, name="merge"),
]

urlpatterns += [
    path("usecases/import/", transfer_views.usecase_import, name="import"),
    path("usecases/import/<int:pk>/map/", transfer_views.usecase_import_map, name="import_map"),
    path("usecases/import/<int:pk>/", transfer_views.usecase_import_preview, name="import_preview"),
    path(
        "usecases/import/<int:pk>/progress/",
        transfer_views.usecase_import_progress,
        name="import_progress",
    ),
    path("usecases/export/", transfer_views.usecase_export, name="export"),
]

urlpatterns += [
    path("backlog/themes/", themes.theme_list, name="themes"),
    path("backlog/themes/recompute/", themes.theme_recompute, name="themes_recompute"),
    path("backlog/themes/granularity/", themes.theme_granularity, name="themes_granularity"),
    path("backlog/themes/<int:pk>/rename/", themes.theme_rename, name="theme_rename"),
    path("backlog/themes/<int:pk>/merge/", themes.theme_merge, name="theme_merge"),
    path("backlog/themes/<int:pk>/split/", themes.theme_split, name="theme_split"),
    path("backlog/quadrant/", scoring.quadrant, name="quadrant"),
    path("backlog/scoring/", scoring.weights, name="weights"),
    path("backlog/starter/add/", starter.starter_add, name="starter_add"),
]
