from django.urls import path

from lantern.profile import views

app_name = "profile"

urlpatterns = [
    path("", views.report, name="report"),
    path("download/", views.report_download, name="report-download"),
]
