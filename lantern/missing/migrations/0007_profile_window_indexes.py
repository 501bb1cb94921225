from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("missing", "0006_interview_work_list_index")]

    operations = [
        migrations.AddIndex(
            model_name="missingepisode",
            index=models.Index(
                fields=["reported_at", "id"], include=("person",), name="episode_reported_window"
            ),
        ),
        migrations.AddIndex(
            model_name="returninterview",
            index=models.Index(
                fields=["due_at", "id"], include=("completed_at", "person"), name="interview_due_window"
            ),
        ),
    ]
