from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "lantern.referrals"
    label = "referrals"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.referrals.chronology import referral_entries

        register("referrals", referral_entries)
