from django.urls import path

from lantern.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("event/<int:event_id>/", views.event_detail, name="event-detail"),
    path("export/", views.event_export, name="event-export"),
    path("verify/", views.verify, name="verify"),
]
