from django.urls import path

from lantern.intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("report/", views.report_create, name="report-create"),
    path("report/sent/", views.report_sent, name="report-sent"),
    path("share/", views.public_share, name="public-share"),
    path("share/thanks/", views.public_thanks, name="public-thanks"),
    path("shared/", views.shared_list, name="shared-list"),
    path("summary/", views.summary, name="summary"),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/grade/", views.report_grade, name="report-grade"),
    path("reports/<int:report_id>/link/", views.report_link, name="report-link"),
    path("reports/<int:report_id>/share/", views.report_share, name="report-share"),
    path("adults-of-concern/", views.concern_list, name="concern-list"),
    path("adults-of-concern/<int:person_id>/", views.concern_profile, name="concern-profile"),
    path("disruptions/", views.disruption_list, name="disruption-list"),
    path("disruptions/new/", views.disruption_create, name="disruption-create"),
    path("nrm/", views.nrm_list, name="nrm-list"),
    path("nrm/new/", views.nrm_create, name="nrm-create"),
    path("nrm/<int:referral_id>/", views.nrm_detail, name="nrm-detail"),
]
