from django.urls import path

from lantern.prevent import views

app_name = "public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("pages/<slug:slug>/", views.public_page, name="page"),
    path("areas/<slug:code>/", views.public_area, name="area"),
    path("resources/", views.public_resource_list, name="resource-list"),
    path("resources/<int:resource_id>/", views.public_resource_detail, name="resource-detail"),
    path("worry/", views.public_worry_create, name="worry-create"),
    path("worry/thanks/", views.public_worry_thanks, name="worry-thanks"),
]
