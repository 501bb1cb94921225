from django.urls import path

from lantern.screening import api

urlpatterns = [
    path("people/<int:person_id>/screenings/", api.PersonScreeningsView.as_view(), name="person-screenings"),
    path("screenings/<int:screening_id>/", api.ScreeningDetailView.as_view(), name="screening-detail"),
    path("screening/catalogue/", api.CatalogueCurrentView.as_view(), name="screening-catalogue"),
]
