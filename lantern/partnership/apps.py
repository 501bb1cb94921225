from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "lantern.partnership"
    label = "partnership"
