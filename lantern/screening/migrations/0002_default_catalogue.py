from django.db import migrations
from django.utils import timezone

from lantern.screening import default_catalogue


def install_default(apps, schema_editor):
    catalogue_model = apps.get_model("screening", "IndicatorCatalogue")
    if catalogue_model.objects.exists():
        return
    default_catalogue.install(
        catalogue_model,
        apps.get_model("screening", "IndicatorDomain"),
        apps.get_model("screening", "Indicator"),
        published_at=timezone.now(),
    )


def remove_unused_default(apps, schema_editor):
    catalogue_model = apps.get_model("screening", "IndicatorCatalogue")
    catalogue_model.objects.filter(version_number=1, screenings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(install_default, remove_unused_default)]
