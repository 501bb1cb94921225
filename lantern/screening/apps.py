from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "lantern.screening"
    label = "screening"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.screening.chronology import screening_entries

        register("screening", screening_entries)
