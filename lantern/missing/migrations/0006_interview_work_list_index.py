from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("missing", "0005_returninterview_person_required")]

    operations = [
        migrations.AddIndex(
            model_name="returninterview",
            index=models.Index(
                condition=models.Q(
                    ("completed_at__isnull", True), ("completed_at__gt", models.F("due_at")), _connector="OR"
                ),
                fields=["due_at", "id"],
                include=("completed_at", "person", "provider", "episode"),
                name="interview_work_list",
            ),
        ),
    ]
