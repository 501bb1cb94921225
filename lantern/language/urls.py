from django.urls import path

from lantern.language import views

app_name = "language"

urlpatterns = [
    path("check/", views.check, name="check"),
    path("phrases/", views.phrase_list, name="phrase-list"),
    path("phrases/try/", views.phrase_try, name="phrase-try"),
    path("phrases/new/", views.phrase_create, name="phrase-create"),
    path("phrases/<int:phrase_id>/", views.phrase_detail, name="phrase-detail"),
    path("phrases/<int:phrase_id>/edit/", views.phrase_update, name="phrase-update"),
    path("phrases/<int:phrase_id>/deactivate/", views.phrase_deactivate, name="phrase-deactivate"),
    path("phrases/<int:phrase_id>/reactivate/", views.phrase_reactivate, name="phrase-reactivate"),
]
