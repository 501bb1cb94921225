from django.apps import AppConfig


class PreventConfig(AppConfig):
    name = "lantern.prevent"
    label = "prevent"
