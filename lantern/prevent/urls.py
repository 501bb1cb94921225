from django.urls import path

from lantern.prevent import views

app_name = "prevent"

urlpatterns = [
    path("pages/", views.page_list, name="page-list"),
    path("pages/new/", views.page_create, name="page-create"),
    path("pages/<int:page_id>/edit/", views.page_edit, name="page-edit"),
    path("pages/<int:page_id>/preview/", views.page_preview, name="page-preview"),
    path("pages/<int:page_id>/publish/", views.page_publish, name="page-publish"),
    path("pages/<int:page_id>/history/", views.page_history, name="page-history"),
    path("pages/<int:page_id>/versions/<int:number>/", views.page_version, name="page-version"),
    path("worries/", views.worry_list, name="worry-list"),
    path("worries/<int:worry_id>/", views.worry_detail, name="worry-detail"),
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/new/", views.resource_create, name="resource-create"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource-detail"),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource-edit"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("figures/", views.figures, name="figures"),
]
