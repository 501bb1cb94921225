from django.urls import path

from lantern.profile import views

app_name = "profile"

urlpatterns = [
    path("", views.report, name="report"),
    path("download/", views.report_download, name="report-download"),
    path("rows/download/", views.rows_download, name="rows-download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("children/", views.drilldown, name="drilldown"),
    path("board/", views.board, name="board-report"),
    path("board/download/", views.board_download, name="board-report-download"),
]
