"""An area record's boundary: checked like the admin's page, imported normalised, exported back."""

from __future__ import annotations

from typing import Any

import pytest

from lantern.interchange.services import RecordsRejected, records_export, records_import
from lantern.interchange.tests.factories import as_lines
from lantern.partnership.models import Area

RING = [[-2.6, 53.3], [-2.5, 53.3], [-2.5, 53.4], [-2.6, 53.4], [-2.6, 53.3]]
POLYGON = {"type": "Polygon", "coordinates": [RING]}


def _area(**fields: Any) -> dict[str, Any]:
    return {"type": "area", "code": "halton", "name": "Halton", **fields}


@pytest.mark.django_db
def test_a_feature_is_imported_as_its_geometry_and_exported_back() -> None:
    feature = {"type": "Feature", "properties": {}, "geometry": POLYGON}
    records_import(actor=None, lines=as_lines([_area(boundary=feature), _area(code="widnes", name="Widnes")]))
    assert Area.objects.get(code="halton").boundary == POLYGON
    assert Area.objects.get(code="widnes").boundary is None
    exported = {record["code"]: record for record in records_export(actor=None) if record["type"] == "area"}
    assert exported["halton"]["boundary"] == POLYGON
    assert exported["widnes"]["boundary"] is None
    # Importing the export again changes nothing.
    report = records_import(actor=None, lines=as_lines(list(exported.values())))
    assert report.as_dict()["unchanged"]["area"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("boundary", "reason"),
    [
        ({"type": "Polygon", "coordinates": [RING[:-1]]}, "The polygon is not closed"),
        ({"type": "Point", "coordinates": [-2.6, 53.3]}, "must be a Polygon or MultiPolygon, not Point"),
        ({"type": "Polygon", "coordinates": [[[358000, 372000], *RING[1:-1], [358000, 372000]]]}, "outside"),
        ([1, 2], "boundary"),
    ],
)
def test_a_bad_boundary_rejects_the_file_naming_the_line_and_field(boundary: Any, reason: str) -> None:
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines([_area(boundary=boundary)]))
    (error,) = caught.value.line_errors
    assert error.line == 1 and "boundary" in error.field and reason in f"{error.field}: {error.reason}"
    assert not Area.objects.exists()
