from django.apps import AppConfig


class ContextsConfig(AppConfig):
    name = "lantern.contexts"
    label = "contexts"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.contexts.chronology import context_entries

        register("contexts", context_entries)
