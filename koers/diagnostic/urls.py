from django.urls import path

from koers.diagnostic.views import calibration as calibration_views
from koers.diagnostic.views import ideas as ideas_views
from koers.diagnostic.views import instrument_builder as builder_views
from koers.diagnostic.views import instruments as instrument_views
from koers.diagnostic.views import report as report_views
from koers.diagnostic.views import results as results_views
from koers.diagnostic.views import settings as settings_views
from koers.diagnostic.views import waves as wave_views

app_name = "diagnostic"

urlpatterns = [
    # The scan home and the instrument builder.
    path("scans/", instrument_views.scans, name="scans"),
    path("scans/settings/", settings_views.scan_settings_edit, name="scan_settings"),
    path("scans/instruments/copy/", instrument_views.instrument_copy, name="instrument_copy"),
    path("scans/instruments/new/", instrument_views.instrument_new, name="instrument_new"),
    path("scans/instruments/<int:pk>/", instrument_views.instrument, name="instrument"),
    path(
        "scans/instruments/<int:pk>/details/",
        builder_views.instrument_details,
        name="instrument_details",
    ),
    path(
        "scans/instruments/<int:pk>/section/",
        builder_views.instrument_section,
        name="instrument_section",
    ),
    path(
        "scans/instruments/<int:pk>/question/",
        builder_views.instrument_question,
        name="instrument_question",
    ),
    path("scans/instruments/<int:pk>/move/", builder_views.instrument_move, name="instrument_move"),
    path(
        "scans/instruments/<int:pk>/remove/",
        builder_views.instrument_remove,
        name="instrument_remove",
    ),
    path(
        "scans/instruments/<int:pk>/preview/",
        instrument_views.instrument_preview,
        name="instrument_preview",
    ),
    path("scans/waves/<int:pk>/results/", results_views.results, name="results"),
    path("scans/waves/<int:pk>/results.csv", results_views.results_csv, name="results_csv"),
    path("scans/waves/<int:pk>/results.xlsx", results_views.results_xlsx, name="results_xlsx"),
    path("scans/waves/<int:pk>/ideas/", ideas_views.ideas, name="ideas"),
    path("scans/waves/<int:pk>/answers/", results_views.answers, name="answers"),
    # The board report: printable page and PDF.
    path("scans/waves/<int:pk>/report/", report_views.report, name="report"),
    path("scans/waves/<int:pk>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("scans/waves/<int:pk>/report/pdf/", report_views.report_pdf_wait, name="report_pdf_wait"),
    # Waves: start, open and close, invite and remind, shared department links.
    path("scans/waves/new/", wave_views.wave_new, name="wave_new"),
    path("scans/waves/<int:pk>/", wave_views.wave, name="wave"),
    path("scans/waves/<int:pk>/open/", wave_views.wave_open, name="wave_open"),
    path("scans/waves/<int:pk>/close/", wave_views.wave_close, name="wave_close"),
    path(
        "scans/waves/<int:pk>/live-results/",
        wave_views.wave_live_results,
        name="wave_live_results",
    ),
    path("scans/waves/<int:pk>/invite/", wave_views.wave_invite, name="wave_invite"),
    path("scans/waves/<int:pk>/remind/", wave_views.wave_remind, name="wave_remind"),
    path("scans/waves/<int:pk>/links/new/", wave_views.shared_link_new, name="shared_link_new"),
    path(
        "scans/waves/<int:pk>/links/<int:link>/revoke/",
        wave_views.shared_link_revoke,
        name="shared_link_revoke",
    ),
    path(
        "scans/waves/<int:pk>/links/<int:link>/print/",
        wave_views.shared_link_print,
        name="shared_link_print",
    ),
    # The leadership calibration quiz.
    path("calibration/", calibration_views.round_list, name="calibration_rounds"),
    path("calibration/<int:pk>/", calibration_views.quiz, name="calibration_quiz"),
    path("calibration/<int:pk>/team/", calibration_views.team, name="calibration_team"),
    path("calibration/<int:pk>/close/", calibration_views.round_close, name="calibration_close"),
]
