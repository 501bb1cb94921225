from django.apps import AppConfig


class ContextsConfig(AppConfig):
    name = "lantern.contexts"
    label = "contexts"
