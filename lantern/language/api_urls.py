from django.urls import path

from lantern.language import api

urlpatterns = [
    path("language/check/", api.LanguageCheckView.as_view(), name="language-check"),
]
