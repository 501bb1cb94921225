from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LanguageConfig(AppConfig):
    name = "lantern.language"
    label = "language"

    def ready(self) -> None:
        from lantern.language.defaults import restore_defaults_after_flush

        post_migrate.connect(restore_defaults_after_flush, sender=self)
