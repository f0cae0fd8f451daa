from django.contrib.auth import views as auth_views
from django.urls import path

from koers.orgs import people_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="orgs/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="orgs/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="orgs/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("o/<slug:org_slug>/people/", views.people, name="people"),
    path("o/<slug:org_slug>/people/<int:pk>/", views.person_edit, name="person_edit"),
    path("o/<slug:org_slug>/people/<int:pk>/active/", views.person_active, name="person_active"),
    path("o/<slug:org_slug>/invitations/", views.invitations, name="invitations"),
    path(
        "o/<slug:org_slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("o/<slug:org_slug>/departments/", views.departments, name="departments"),
    path("o/<slug:org_slug>/departments/<int:pk>/", views.department_edit, name="department_edit"),
    path(
        "o/<slug:org_slug>/departments/<int:pk>/delete/",
        views.department_delete,
        name="department_delete",
    ),
]

urlpatterns += [
    path("o/<slug:org_slug>/people/import/", people_views.people_import, name="people_import"),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/map/",
        people_views.people_import_map,
        name="people_import_map",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/",
        people_views.people_import_preview,
        name="people_import_preview",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/progress/",
        people_views.people_import_progress,
        name="people_import_progress",
    ),
]
