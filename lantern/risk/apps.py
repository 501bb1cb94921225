from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "lantern.risk"
    label = "risk"

    def ready(self) -> None:
        from lantern.chronology.registry import register
        from lantern.risk.chronology import risk_assessment_entries

        register("risk_assessment", risk_assessment_entries)
