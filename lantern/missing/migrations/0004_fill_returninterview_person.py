"""Fill ``ReturnInterview.person`` from the episode for the interviews already held."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_person(apps: Any, schema_editor: Any) -> None:
    ReturnInterview = apps.get_model("missing", "ReturnInterview")
    MissingEpisode = apps.get_model("missing", "MissingEpisode")
    episode_person = MissingEpisode.objects.filter(pk=OuterRef("episode_id")).values("person_id")[:1]
    ReturnInterview.objects.filter(person__isnull=True).update(person_id=Subquery(episode_person))


class Migration(migrations.Migration):
    dependencies = [("missing", "0003_returninterview_person")]

    operations = [migrations.RunPython(fill_person, migrations.RunPython.noop)]
