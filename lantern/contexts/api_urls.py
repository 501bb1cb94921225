"""Context endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.contexts import api

urlpatterns = [
    path("contexts/", api.ContextListView.as_view(), name="context-list"),
    path("contexts/<int:context_id>/", api.ContextDetailView.as_view(), name="context-detail"),
    path("contexts/<int:context_id>/network/", api.ContextNetworkView.as_view(), name="context-network"),
    path("context-links/", api.ContextLinkCreateView.as_view(), name="context-link-create"),
    path(
        "people/<int:person_id>/context-links/",
        api.PersonContextLinksView.as_view(),
        name="person-context-links",
    ),
]
