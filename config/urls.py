from django.urls import include, path

urlpatterns = [
    path("", include("lantern.core.urls")),
    path("account/", include("lantern.accounts.urls")),
    path("partnership/", include("lantern.partnership.urls")),
    path("people/", include("lantern.people.urls")),
    path("risk/", include("lantern.risk.urls")),
    path("audit/", include("lantern.audit.urls")),
    path("api/", include("lantern.api.urls")),
]
