from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contexts", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="context",
            index=models.Index(
                condition=models.Q(
                    ("kind", "location"), ("latitude__isnull", False), ("longitude__isnull", False)
                ),
                fields=["latitude", "longitude"],
                name="context_location_point",
            ),
        ),
    ]
