"""Meeting endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.meetings import api

urlpatterns = [
    path("meetings/", api.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:meeting_id>/agenda/", api.MeetingAgendaView.as_view(), name="meeting-agenda"),
    path("meeting-actions/", api.ActionListView.as_view(), name="meeting-action-list"),
    path("meeting-actions/<int:action_id>/", api.ActionUpdateView.as_view(), name="meeting-action-update"),
    path("people/<int:person_id>/safety-plan/", api.SafetyPlanView.as_view(), name="safety-plan"),
]
