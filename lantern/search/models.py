from __future__ import annotations

from django.db import models


class SearchToken(models.Model):
    """A normalised name token of a person, for "Do we know this child?" search.

    Date of birth is copied here so search can rank on name and date of birth in one indexed
    query without joining the person table.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=60)
    kind = models.CharField(max_length=10)  # given, family, middle, alias
    date_of_birth = models.DateField(null=True)
    date_of_birth_estimated = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Covers the scoring query (token look-up, then person, date of birth and kind), so
            # PostgreSQL can answer it from the index alone.
            models.Index(
                fields=["token", "person", "date_of_birth", "date_of_birth_estimated", "kind"],
                name="search_token_cover_idx",
            ),
            models.Index(fields=["date_of_birth", "person"], name="search_token_dob_idx"),
        ]


class TokenVariant(models.Model):
    """Each vocabulary token under every single-character deletion (symmetric delete).

    Two tokens one edit apart (substitution, insertion, deletion or transposition) share a
    variant, so a misspelt query token finds the real one through an index look-up.
    """

    variant = models.CharField(max_length=60)
    token = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "token"], name="token_variant_unique")]
