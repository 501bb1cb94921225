from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "lantern.interchange"
    label = "interchange"
