from django.urls import path

from lantern.screening import views

app_name = "screening"

urlpatterns = [
    path("person/<int:person_id>/", views.screening_list, name="screening-list"),
    path("person/<int:person_id>/new/", views.screening_create_view, name="screening-create"),
    path("<int:screening_id>/", views.screening_edit, name="screening-edit"),
    path("<int:screening_id>/autosave/", views.screening_autosave, name="screening-autosave"),
    path("<int:screening_id>/review/", views.screening_review, name="screening-review"),
    path("<int:screening_id>/view/", views.screening_detail, name="screening-detail"),
    path("catalogue/", views.catalogue_detail, name="catalogue-detail"),
    path("catalogue/<int:version_number>/", views.catalogue_detail, name="catalogue-detail"),
    path("catalogue/new-version/", views.catalogue_new_version, name="catalogue-new-version"),
]
