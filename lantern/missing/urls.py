from django.urls import path

from lantern.missing import views

app_name = "missing"

urlpatterns = [
    path("", views.episode_list, name="episode-list"),
    path("interviews/", views.interview_list, name="interview-list"),
    path("repeat/", views.repeat_list, name="repeat-list"),
    path("person/<int:person_id>/", views.person_episodes, name="person-episodes"),
    path("person/<int:person_id>/new/", views.episode_create, name="episode-create"),
    path("person/<int:person_id>/philomena/", views.philomena_edit, name="philomena-edit"),
    path("<int:episode_id>/", views.episode_detail, name="episode-detail"),
    path("<int:episode_id>/regrade/", views.episode_regrade, name="episode-regrade"),
    path("<int:episode_id>/close/", views.episode_close, name="episode-close"),
    path("<int:episode_id>/philomena/produce/", views.philomena_produce, name="philomena-produce"),
    path("<int:episode_id>/philomena/", views.philomena_print, name="philomena-print"),
    path("interview/<int:interview_id>/", views.interview_detail, name="interview-detail"),
    path("interview/<int:interview_id>/declined/", views.interview_attempt, name="interview-attempt"),
    path("interview/<int:interview_id>/record/", views.interview_record, name="interview-record"),
]
