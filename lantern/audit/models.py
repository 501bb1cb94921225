from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    IMPORT = "import", "Imported"
    SHARE = "share", "Shared"
    DECLINE_SHARE = "decline_share", "Decided not to share"
    BREAK_GLASS = "break_glass", "Broke glass"
    ACCESS_REFUSED = "access_refused", "Access refused"
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOCKED_OUT = "locked_out", "Locked out"
    SESSIONS_ENDED = "sessions_ended", "Sessions ended"


class AuditEvent(models.Model):
    """Append-only and hash-chained: each row's hash covers its content and the previous hash.

    ``user`` and ``agency`` are kept as text snapshots as well as ids so the trail still reads
    correctly if an account or agency is later renamed.
    """

    at = models.DateTimeField(db_index=True)
    user_id_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=50, blank=True, db_index=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    purpose = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"


class AuditChainHead(models.Model):
    """A single row locked by each writer, so the chain stays linear under concurrency."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
