"""Profile endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.profile import api

urlpatterns = [
    path("profile/", api.ProfileReportView.as_view(), name="profile-report"),
    path("profile/figures/", api.ProfileFiguresView.as_view(), name="profile-figures"),
    path("profile/rows/", api.ProfileRowsView.as_view(), name="profile-rows"),
]
