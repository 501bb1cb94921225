from django.urls import include, path

urlpatterns = [
    path("", include("lantern.core.urls")),
    path("account/", include("lantern.accounts.urls")),
    path("partnership/", include("lantern.partnership.urls")),
    path("people/", include("lantern.people.urls")),
    path("risk/", include("lantern.risk.urls")),
    path("language/", include("lantern.language.urls")),
    path("screening/", include("lantern.screening.urls")),
    path("concerns/", include("lantern.concerns.urls")),
    path("referrals/", include("lantern.referrals.urls")),
    path("missing/", include("lantern.missing.urls")),
    path("contexts/", include("lantern.contexts.urls")),
    path("intelligence/", include("lantern.intelligence.urls")),
    path("meetings/", include("lantern.meetings.urls")),
    path("profile/", include("lantern.profile.urls")),
    path("prevent/", include("lantern.prevent.urls")),
    path("public/", include("lantern.prevent.public_urls")),
    path("audit/", include("lantern.audit.urls")),
    path("api/", include("lantern.api.urls")),
]
