"""Create the chain head row up front, linked to the newest event if the trail already has rows."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if AuditChainHead.objects.filter(pk=1).exists():
        return
    newest = AuditEvent.objects.order_by("-id").first()
    AuditChainHead.objects.create(
        pk=1,
        last_hash=newest.hash if newest else GENESIS_HASH,
        last_event_id=newest.pk if newest else None,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
