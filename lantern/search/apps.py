from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "lantern.search"
    label = "search"
