"""Workforce learning endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.prevent import api

urlpatterns = [
    path("learning/courses/", api.CourseListView.as_view(), name="learning-courses"),
    path("learning/attendance/", api.AttendanceImportView.as_view(), name="learning-attendance"),
    path("learning/people/<int:user_id>/", api.LearningRecordView.as_view(), name="learning-record"),
]
