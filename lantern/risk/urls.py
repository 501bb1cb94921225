from django.urls import path

from lantern.risk import views

app_name = "risk"

urlpatterns = [
    path("reviews/", views.review_list, name="review-list"),
    path("person/<int:person_id>/", views.assessment_list, name="assessment-list"),
    path("person/<int:person_id>/new/", views.assessment_create, name="assessment-create"),
    path("<int:assessment_id>/close/", views.assessment_close, name="assessment-close"),
]
