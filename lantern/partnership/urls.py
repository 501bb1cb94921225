from django.urls import path

from lantern.partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("set-up/", views.partnership_create, name="partnership-create"),
    path("edit/", views.partnership_update, name="partnership-update"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/new/", views.area_create, name="area-create"),
    path("areas/<int:area_id>/edit/", views.area_update, name="area-update"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", views.agency_create, name="agency-create"),
    path("agencies/<int:agency_id>/edit/", views.agency_update, name="agency-update"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/new/", views.team_create, name="team-create"),
    path("teams/<int:team_id>/", views.team_detail, name="team-detail"),
    path("teams/<int:team_id>/edit/", views.team_update, name="team-update"),
]
