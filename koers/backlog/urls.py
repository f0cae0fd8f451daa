from django.urls import path

from koers.backlog import transfer_views, views

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
    path("usecases/export/", transfer_views.usecase_export, name="export"),
]
