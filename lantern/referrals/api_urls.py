"""Referral endpoints, included by lantern/api/urls.py under /api/v1/."""

from django.urls import path

from lantern.referrals import api

urlpatterns = [
    path("referrals/", api.ReferralCreateView.as_view(), name="referral-create"),
    path("referrals/queue/", api.ReferralQueueView.as_view(), name="referral-queue"),
    path("referrals/<int:referral_id>/", api.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<int:referral_id>/decision/", api.ReferralDecideView.as_view(), name="referral-decide"),
]
