from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "lantern.concerns"
    label = "concerns"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.concerns.chronology import concern_entries

        register("concerns", concern_entries)
