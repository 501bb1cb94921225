"""The disruption types of DESIGN.md §6.6 with their usual durations; a partnership may add more."""

from django.db import migrations

# (code, label, default duration in days, is an order)
DEFAULT_TYPES = [
    ("child_abduction_warning_notice", "Child abduction warning notice", None, False),
    ("sexual_risk_order", "Sexual risk order", 730, True),
    ("slavery_trafficking_risk_order", "Slavery and trafficking risk order", 730, True),
    ("slavery_trafficking_prevention_order", "Slavery and trafficking prevention order", 1826, True),
    ("closure_notice", "Closure notice", 2, False),
    ("closure_order", "Closure order", 91, True),
    ("criminal_behaviour_order", "Criminal behaviour order", 730, True),
    ("arrest", "Arrest", None, False),
    ("hotel_information_request", "Hotel information request", None, False),
    ("other", "Other", None, False),
]


def add_types(apps, schema_editor):
    DisruptionType = apps.get_model("intelligence", "DisruptionType")
    for position, (code, label, days, is_order) in enumerate(DEFAULT_TYPES):
        DisruptionType.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "default_duration_days": days,
                "is_order": is_order,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
