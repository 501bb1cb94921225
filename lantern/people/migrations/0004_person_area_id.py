from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0003_involvement_agency_open")]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["area", "id"], name="person_area_id"),
        ),
    ]
