"""The interview's child, copied from its episode, so the work list's need-to-know needs no join.

Three migrations, each its own transaction: on PostgreSQL the foreign key is checked at commit
(``DEFERRABLE INITIALLY DEFERRED``), and a table with such pending checks cannot be altered in
the same transaction that filled it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("missing", "0002_interview_worklist_indexes"),
        ("people", "0002_recorded_by_agency"),
    ]

    operations = [
        migrations.AddField(
            model_name="returninterview",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="people.person",
            ),
        ),
    ]
