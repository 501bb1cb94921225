from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.profile.exports import as_csv, as_json, as_xlsx, suppress_below, suppressed
from lantern.profile.selectors import profile_report
from lantern.profile.tests.factories import assess
from lantern.profile.xlsx import column_letter

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
AS_AT = date(2020, 12, 31)


@pytest.fixture
def report(world: Any) -> dict[str, Any]:
    for n in range(6):
        assess(make_person(area=world.area_a), date(2020, 12, 1) if n < 2 else date(2020, 6, 1))
    assess(make_person(area=world.area_b), date(2020, 6, 1))
    return profile_report(as_at=AS_AT)


def read_xlsx(content: bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    names = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
    assert names <= set(archive.namelist())
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 - our own output
    sheets = {}
    for i, sheet in enumerate(workbook.findall("m:sheets/m:sheet", NS), start=1):
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{i}.xml"))  # noqa: S314
        sheets[sheet.get("name", "")] = [
            ["".join(cell.itertext()) for cell in row.findall("m:c", NS)]
            for row in root.findall("m:sheetData/m:row", NS)
        ]
    return sheets


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_xlsx_reads_back(report: dict[str, Any]) -> None:
    sheets = read_xlsx(as_xlsx(report))
    assert list(sheets) == [
        "Exploitation",
        "Care status",
        "Risk assessment",
        "Exploitation by sex",
        "Definitions",
    ]
    exploitation = sheets["Exploitation"]
    assert exploitation[0] == ["Exploitation as at 2020-12-31"]
    assert exploitation[2] == ["key", "label", "north", "south", "total"]
    assert exploitation[3] == ["criminal.high", "Criminal exploitation: High", "6", "1", "7"]
    assert sheets["Risk assessment"][5] == [
        "percent_up_to_date",
        "Percentage with an up-to-date risk assessment",
        "33.3",
        "0.0",
        "28.6",
    ]


def test_csv_has_one_line_per_row(report: dict[str, Any]) -> None:
    lines = list(csv.reader(io.StringIO(as_csv(report).decode())))
    assert lines[0] == ["as_at", "table", "key", "label", "north", "south", "total"]
    assert [
        "2020-12-31",
        "exploitation",
        "criminal.high",
        "Criminal exploitation: High",
        "6",
        "1",
        "7",
    ] in lines
    assert [
        "2020-12-31",
        "risk_assessment",
        "up_to_date",
        "With an up-to-date risk assessment (within the last month)",
        "2",
        "0",
        "2",
    ] in lines


def test_suppression_hides_one_to_four(report: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANTERN_SUPPRESS_BELOW", raising=False)
    assert suppress_below() == 5
    hidden = suppressed(report)
    counts = {row["key"]: row["counts"] for rows in hidden["tables"].values() for row in rows}
    # the 6 goes with the 1, since 7 - 6 would give it away
    assert counts["criminal.high"] == {"north": "suppressed", "south": "<5", "total": 7}
    assert counts["not_open"] == {"north": "suppressed", "south": "<5", "total": 7}
    assert counts["looked_after"] == {"north": 0, "south": 0, "total": 0}
    assert counts["up_to_date"] == {"north": "<5", "south": 0, "total": "<5"}
    # 7 children less the 5 overdue would give the 2 up to date away
    assert counts["overdue"] == {"north": "<5", "south": "<5", "total": "suppressed"}
    assert counts["percent_up_to_date"] == {
        "north": "suppressed",
        "south": "suppressed",
        "total": "suppressed",
    }
    assert hidden["suppressed_below"] == 5
    assert report["tables"]["exploitation"][0]["counts"]["south"] == 1  # the original is untouched


def test_suppressed_xlsx_and_json_say_how(report: dict[str, Any]) -> None:
    hidden = suppressed(report, 5)
    definitions = read_xlsx(as_xlsx(hidden))["Definitions"]
    assert definitions[-1][0] == "suppression"
    assert "cannot be worked out from totals" in definitions[-1][1]
    assert "Counts from 1 to 4 are hidden" in json.loads(as_json(hidden))["suppression"]
    assert "suppression" not in [row[0] for row in read_xlsx(as_xlsx(report))["Definitions"]]


def test_suppressed_csv_ends_with_the_rule_in_the_same_columns(
    report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANTERN_SUPPRESS_BELOW", "10")
    lines = list(csv.reader(io.StringIO(as_csv(suppressed(report)).decode())))
    assert all(len(line) == len(lines[0]) for line in lines)
    assert lines[-1][:3] == ["2020-12-31", "suppression", "rule"] and lines[-1][4:] == ["", "", ""]
    assert "Counts from 1 to 9 are hidden (shown as <10)" in lines[-1][3]
    assert "cannot be worked out from totals" in lines[-1][3]
    assert "suppression" not in [line[1] for line in csv.reader(io.StringIO(as_csv(report).decode()))]


def test_report_page_describes_the_rule_and_its_threshold(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANTERN_SUPPRESS_BELOW", "8")
    page = world.client_for(world.police_analyst).get(reverse("profile:report")).content.decode()
    assert 'data-testid="suppression-rule"' in page
    assert "Counts from 1 to 7 are hidden (shown as &lt;8)" in page
    assert "cannot be worked out from totals" in page and "counts below" not in page


def test_threshold_from_the_environment(report: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANTERN_SUPPRESS_BELOW", "10")
    counts = suppressed(report)["tables"]["exploitation"][0]["counts"]
    assert counts == {"north": "<10", "south": "<10", "total": "<10"}


def test_command_formats_and_audit(report: dict[str, Any], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("profile_report", "--as-at", "2020-12-31", stdout=out)
    assert json.loads(out.getvalue()) == report
    call_command("profile_report", "--as-at", "2020-12-31", "--format", "csv", "--suppress", stdout=out)
    assert "criminal.high" in out.getvalue() and "<5" in out.getvalue()
    target = tmp_path / "profile.xlsx"
    call_command(
        "profile_report",
        "--as-at",
        "2020-12-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    assert "Exploitation" in read_xlsx(target.read_bytes())
    events = AuditEvent.objects.filter(action="export", object_type="profile_report")
    assert events.count() == 3


def test_command_rejects_a_bad_date(db: Any) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("profile_report", "--as-at", "2020-02-30")
    with pytest.raises(CommandError, match="--output"):
        call_command("profile_report", "--as-at", "2020-02-03", "--format", "xlsx")
