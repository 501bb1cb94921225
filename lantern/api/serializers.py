"""Request checking and response shapes for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class PersonSearchSerializer(serializers.Serializer):
    """What to search on. Sent in the body, never the URL, because it is personal data."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    dob = serializers.DateField(required=False, allow_null=True, default=None, help_text="Full date of birth")
    dob_day = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=31, default=None
    )
    dob_month = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=12, default=None
    )
    dob_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100, default=None
    )
    dob_approximate = serializers.BooleanField(required=False, default=False)
    identifier = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        full = attrs.pop("dob")
        if full is not None:
            attrs.update(dob_day=full.day, dob_month=full.month, dob_year=full.year)
        if not (
            attrs["name"].strip() or attrs["identifier"].strip() or attrs["dob_year"] or attrs["dob_month"]
        ):
            raise serializers.ValidationError("Give a name, a date of birth or an identifier to search on.")
        return attrs


class ImportCountsSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    created = serializers.DictField(child=serializers.IntegerField())
    updated = serializers.DictField(child=serializers.IntegerField())
    unchanged = serializers.DictField(child=serializers.IntegerField())
    summary = serializers.ListField(child=serializers.CharField())


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    field = serializers.CharField()
    reason = serializers.CharField()


class ImportRejectedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = LineErrorSerializer(many=True)  # type: ignore[assignment]
    messages = serializers.ListField(child=serializers.CharField(), help_text="line N: field: reason")


class ContactSerializer(serializers.Serializer):
    agency_name = serializers.CharField()
    front_door_name = serializers.CharField()
    front_door_phone = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    visible = serializers.BooleanField(help_text="False when the caller has no need to know")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    person_id = serializers.IntegerField(required=False)
    given_name = serializers.CharField(required=False)
    family_name = serializers.CharField(required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    date_of_birth_estimated = serializers.BooleanField(required=False)
    area = serializers.CharField(required=False, allow_null=True)
    contacts = ContactSerializer(many=True, required=False, help_text="Who to contact, when not visible")


class ChronologyEntrySerializer(serializers.Serializer):
    at = serializers.CharField(help_text="ISO 8601 date or date and time")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    agency_code = serializers.CharField()
    agency_name = serializers.CharField()
    summary = serializers.CharField()
