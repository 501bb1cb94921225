from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lantern.people"
    label = "people"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.people.chronology import people_chronology

        register("people", people_chronology)
