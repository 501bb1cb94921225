"""/api/ — the versioned REST API. Version 1 lives under the "v1" namespace (NamespaceVersioning)."""

from typing import Any

from django.urls import include, path

from lantern.api import views

v1_patterns: list[Any] = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("records/", views.RecordsImportView.as_view(), name="records-import"),
    path("export/", views.RecordsExportView.as_view(), name="records-export"),
    path("people/search/", views.PersonSearchView.as_view(), name="person-search"),
    path("people/<int:person_id>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "people/<int:person_id>/chronology/", views.PersonChronologyView.as_view(), name="person-chronology"
    ),
    path("", include("lantern.concerns.api_urls")),
    path("", include("lantern.referrals.api_urls")),
    path("", include("lantern.language.api_urls")),
    path("", include("lantern.screening.api_urls")),
    path("", include("lantern.contexts.api_urls")),
    path("", include("lantern.missing.api_urls")),
    path("", include("lantern.intelligence.api_urls")),
    path("", include("lantern.meetings.api_urls")),
    path("", include("lantern.profile.api_urls")),
    path("", include("lantern.prevent.api_urls")),
]

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"), namespace="v1")),
]
