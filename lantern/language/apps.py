from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "lantern.language"
    label = "language"
