from django.urls import path

from lantern.people import views

app_name = "people"

EPISODE = "<int:person_id>/status/<slug:kind>"

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("new/", views.person_create, name="person-create"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/edit/", views.person_update, name="person-update"),
    path("<int:person_id>/names/add/", views.alias_create, name="alias-create"),
    path("<int:person_id>/names/<int:alias_id>/remove/", views.alias_delete, name="alias-delete"),
    path("<int:person_id>/identifiers/add/", views.identifier_create, name="identifier-create"),
    path("<int:person_id>/addresses/add/", views.address_create, name="address-create"),
    path("<int:person_id>/addresses/<int:address_id>/end/", views.address_end, name="address-end"),
    path(f"{EPISODE}/add/", views.episode_create, name="episode-create"),
    path(f"{EPISODE}/<int:episode_id>/end/", views.episode_end, name="episode-end"),
    path("<int:person_id>/relationships/add/", views.relationship_create, name="relationship-create"),
    path("<int:person_id>/involvements/add/", views.involvement_create, name="involvement-create"),
    path("<int:person_id>/involvements/ours/", views.involvement_record, name="involvement-record"),
    path(
        "<int:person_id>/involvements/<int:involvement_id>/end/",
        views.involvement_end,
        name="involvement-end",
    ),
    path("<int:person_id>/share/", views.share_create, name="share-create"),
    path("<int:person_id>/share/decline/", views.share_decline, name="share-decline"),
    path("<int:person_id>/break-glass/", views.break_glass_create, name="breakglass-create"),
]
