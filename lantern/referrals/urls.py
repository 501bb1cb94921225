from django.urls import path

from lantern.referrals import views

app_name = "referrals"

urlpatterns = [
    path("queue/", views.referral_queue, name="referral-queue"),
    path("person/<int:person_id>/new/", views.referral_create, name="referral-create"),
    path("<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("<int:referral_id>/decide/", views.referral_decide, name="referral-decide"),
]
