from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from lantern.accounts.roles import Role


class User(AbstractUser):
    """A member of staff in one agency of the partnership."""

    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    team = models.ForeignKey(
        "partnership.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # A team manager sees the learning records of everyone in their team (lantern.prevent).
    manages_team = models.BooleanField(default=False)
    role = models.CharField(max_length=40, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Sessions started before this moment are ended at their next request.
    sessions_valid_after = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency for the administrator's edit form (see lantern.core.models.VersionedModel).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
