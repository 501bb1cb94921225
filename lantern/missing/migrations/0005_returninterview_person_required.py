import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("missing", "0004_fill_returninterview_person")]

    operations = [
        migrations.AlterField(
            model_name="returninterview",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.person"
            ),
        ),
    ]
