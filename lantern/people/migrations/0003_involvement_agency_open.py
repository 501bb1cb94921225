from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0002_recorded_by_agency")]

    operations = [
        migrations.AddIndex(
            model_name="involvement",
            index=models.Index(fields=["agency", "start", "end", "person"], name="involvement_agency_open"),
        ),
    ]
