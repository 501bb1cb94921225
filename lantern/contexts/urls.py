"""Context pages, under /contexts/."""

from django.urls import path

from lantern.contexts import views

app_name = "contexts"

urlpatterns = [
    path("", views.context_list, name="context-list"),
    path("new/", views.context_create, name="context-create"),
    path("map/", views.context_map, name="map"),
    path("map/data/", views.context_map_data, name="map-data"),
    path("<int:context_id>/", views.context_detail, name="context-detail"),
    path("<int:context_id>/edit/", views.context_update, name="context-update"),
    path("<int:context_id>/network/", views.context_network, name="network"),
    path("<int:context_id>/assessments/new/", views.assessment_create, name="assessment-create"),
    path("<int:context_id>/plans/new/", views.plan_create, name="plan-create"),
    path("<int:context_id>/conferences/new/", views.conference_create, name="conference-create"),
    path("plans/<int:plan_id>/reviews/new/", views.plan_review_create, name="plan-review-create"),
    path("conferences/<int:conference_id>/", views.conference_detail, name="conference-detail"),
    path("links/<int:link_id>/weighting/", views.link_weighting, name="link-weighting"),
    path("people/<int:person_id>/", views.person_contexts, name="person-contexts"),
    path("people/<int:person_id>/network/", views.person_network, name="person-network"),
]
