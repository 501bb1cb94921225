"""Concern endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.concerns import api

urlpatterns = [
    path("concerns/", api.ConcernCreateView.as_view(), name="concern-create"),
    path("concerns/<int:concern_id>/", api.ConcernDetailView.as_view(), name="concern-detail"),
    path("people/<int:person_id>/concerns/", api.PersonConcernsView.as_view(), name="person-concerns"),
]
