from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "lantern.profile"
    label = "profile"
