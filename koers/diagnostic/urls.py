from django.urls import path

from koers.diagnostic import results_views

app_name = "diagnostic"

urlpatterns = [
    path("scans/waves/<int:pk>/results/", results_views.results, name="results"),
    path("scans/waves/<int:pk>/results.csv", results_views.results_csv, name="results_csv"),
    path("scans/waves/<int:pk>/results.xlsx", results_views.results_xlsx, name="results_xlsx"),
]
