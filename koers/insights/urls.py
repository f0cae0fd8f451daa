from django.urls import path

from koers.insights import views

app_name = "insights"

urlpatterns = [
    path("backlog/themes/", views.theme_list, name="themes"),
    path("backlog/themes/recompute/", views.theme_recompute, name="recompute"),
    path("backlog/themes/<int:pk>/rename/", views.theme_rename, name="rename"),
    path("backlog/themes/<int:pk>/merge/", views.theme_merge, name="merge"),
    path("backlog/themes/<int:pk>/split/", views.theme_split, name="split"),
]
