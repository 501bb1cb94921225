from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "lantern.missing"
    label = "missing"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.missing.chronology import missing_episode_entries

        register("missing_episode", missing_episode_entries)
