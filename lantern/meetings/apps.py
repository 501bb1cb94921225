from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lantern.meetings"
    label = "meetings"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.meetings.chronology import meeting_entries, plan_entries

        register("meetings", meeting_entries)
        register("plans", plan_entries)
