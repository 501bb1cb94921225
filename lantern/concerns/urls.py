from django.urls import path

from lantern.concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.concern_list, name="concern-list"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("person/<int:person_id>/new/", views.concern_create, name="concern-create"),
    path("<int:concern_id>/", views.concern_detail, name="concern-detail"),
    path("<int:concern_id>/amend/", views.concern_amend, name="concern-amend"),
    path("<int:concern_id>/triage/", views.concern_triage, name="concern-triage"),
]
