"""REST endpoints for contexts (listed in api_urls.py, included under /api/v1/).

Thin: each view calls one selector or service. Linked people are shown only where the caller
has a need to know (pseudonymised for analysts), as on the pages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.contexts import selectors, services
from lantern.contexts.models import (
    Context,
    ContextKind,
    ContextLink,
    EducationSettingType,
    LinkRelationship,
    LinkSource,
    LocationType,
)
from lantern.core.errors import ValidationFailed
from lantern.partnership.models import Area
from lantern.people.selectors import person_get_for

API_PURPOSE = "API request"


class ContextSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContextKind.choices)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True, default=None
    )
    location_type = serializers.ChoiceField(
        choices=LocationType.choices, required=False, allow_blank=True, default=""
    )
    address = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    education_setting_type = serializers.ChoiceField(
        choices=EducationSettingType.choices, required=False, allow_blank=True, default=""
    )
    urn = serializers.CharField(required=False, allow_blank=True, default="")
    platform = serializers.CharField(required=False, allow_blank=True, default="")
    online_account = serializers.CharField(required=False, allow_blank=True, default="")


class LinkSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    context_id = serializers.IntegerField()
    relationship = serializers.ChoiceField(choices=LinkRelationship.choices)
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    source_kind = serializers.ChoiceField(choices=LinkSource.choices, default=LinkSource.OTHER)
    source_ref = serializers.CharField(required=False, allow_blank=True, default="")
    weighting = serializers.IntegerField(required=False, allow_null=True, default=None)


class ServiceAPIView(LanternAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationFailed):
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


def context_dict(context: Context) -> dict[str, Any]:
    return {
        "id": context.pk,
        "kind": context.kind,
        "name": context.name,
        "description": context.description,
        "area": context.area.code if context.area else None,
        "location_type": context.location_type,
        "address": context.address,
        "postcode": context.postcode,
        "latitude": str(context.latitude) if context.latitude is not None else None,
        "longitude": str(context.longitude) if context.longitude is not None else None,
        "education_setting_type": context.education_setting_type,
        "urn": context.urn,
        "platform": context.platform,
        "online_account": context.online_account,
        "latest_risk": getattr(context, "latest_risk", None),
        "version": context.version,
    }


def link_dict(link: ContextLink, person: str | int) -> dict[str, Any]:
    return {
        "id": link.pk,
        "person": person,
        "context_id": link.context_id,
        "relationship": link.relationship,
        "start": link.start.isoformat(),
        "end": link.end.isoformat() if link.end else None,
        "source_kind": link.source_kind,
        "source_ref": link.source_ref,
        "weighting": link.weighting,
    }


class ContextListView(ServiceAPIView):
    @extend_schema(
        operation_id="context_list",
        summary="Every context (places are not personal data)",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        return Response([context_dict(context) for context in selectors.context_list_for(request.user)])

    @extend_schema(
        operation_id="context_create",
        summary="Record a context",
        request=ContextSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        data = ContextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        context = services.context_create(actor=request.user, **data.validated_data)
        return Response(context_dict(context), status=status.HTTP_201_CREATED)


class ContextDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="context_get",
        summary="A context and the links the caller may see; the rest only counted",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, context_id: int) -> Response:
        context = selectors.context_view_for(request.user, context_id)
        linked = selectors.linked_people_for(request.user, context)
        links = [link_dict(item.link, item.person_id if item.named else item.label) for item in linked.shown]
        return Response({**context_dict(context), "links": links, "withheld_people": linked.withheld_people})


class ContextLinkCreateView(ServiceAPIView):
    @extend_schema(
        operation_id="context_link_create",
        summary="Link a person the caller may see to a context",
        request=LinkSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        data = LinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = person_get_for(
            request.user, fields.pop("person_id"), purpose=f"{API_PURPOSE}: link a context"
        )
        context = selectors.context_get_for(request.user, fields.pop("context_id"))
        link = services.context_link_create(actor=request.user, person=person, context=context, **fields)
        return Response(link_dict(link, person.pk), status=status.HTTP_201_CREATED)


class PersonContextLinksView(ServiceAPIView):
    @extend_schema(
        operation_id="person_context_links",
        summary="A person's context links; only if the caller may see the person (audited)",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        person, links, _top = selectors.person_links_for(request.user, person_id)
        return Response([link_dict(link, person.pk) for link in links])


class ContextNetworkView(ServiceAPIView):
    @extend_schema(
        operation_id="context_network",
        summary="The context's network to two steps (people pseudonymised for analysts)",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, context_id: int) -> Response:
        _context, network = selectors.context_network_for(request.user, context_id)
        return Response(network.as_dict())
