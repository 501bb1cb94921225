"""Missing-episode endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.missing import api

urlpatterns = [
    path("missing-episodes/", api.EpisodeCreateView.as_view(), name="missing-episode-create"),
    path(
        "missing-episodes/<int:episode_id>/", api.EpisodeDetailView.as_view(), name="missing-episode-detail"
    ),
    path(
        "people/<int:person_id>/missing-episodes/",
        api.PersonEpisodesView.as_view(),
        name="person-missing-episodes",
    ),
    path(
        "return-interviews/<int:interview_id>/",
        api.InterviewDetailView.as_view(),
        name="return-interview-detail",
    ),
]
