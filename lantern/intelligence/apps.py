from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "lantern.intelligence"
    label = "intelligence"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.contexts.selectors import NETWORK_EXTENSIONS
        from lantern.intelligence.chronology import intelligence_entries
        from lantern.intelligence.network import add_intelligence_entities

        register("intelligence", intelligence_entries)
        if add_intelligence_entities not in NETWORK_EXTENSIONS:
            NETWORK_EXTENSIONS.append(add_intelligence_entities)
