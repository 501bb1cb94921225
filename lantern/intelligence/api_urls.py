"""Intelligence endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.intelligence import api

urlpatterns = [
    path("intelligence/reports/", api.ReportListView.as_view(), name="intelligence-report-list"),
    path(
        "intelligence/reports/<int:report_id>/",
        api.ReportDetailView.as_view(),
        name="intelligence-report-detail",
    ),
    path(
        "intelligence/reports/<int:report_id>/grade/",
        api.ReportGradeView.as_view(),
        name="intelligence-report-grade",
    ),
    path("intelligence/disruptions/", api.DisruptionListView.as_view(), name="disruption-list"),
    path("intelligence/nrm-referrals/", api.NrmListView.as_view(), name="nrm-referral-list"),
    path(
        "intelligence/nrm-referrals/<int:referral_id>/",
        api.NrmDetailView.as_view(),
        name="nrm-referral-detail",
    ),
]
