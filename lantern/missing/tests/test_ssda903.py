"""Importing the SSDA903 Missing table: mapping, all-or-nothing validation, idempotency, access."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.missing.management.commands.import_ssda903_missing import Command as ImportCommand
from lantern.missing.models import MissingEpisode, ReturnInterview, RiskGrading
from lantern.missing.services import episode_close
from lantern.missing.ssda903 import parse_return_date
from lantern.people.models import IdentifierKind, PersonIdentifier

LONDON = ZoneInfo("Europe/London")
HEADER = "CHILD,MISSING,MIS_START,MIS_END"
VALID = [
    "C1001,M,03/02/2025,05/02/2025",
    "C1001,A,2025-03-10,2025-03-10",
    "C1002,M,20/07/2025,",
]


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "missing.csv") -> str:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_ssda903_missing", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_rejected(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_ssda903_missing", *args, stdout=StringIO(), stderr=err)
    return raised.value, err.getvalue()


@pytest.fixture
def children(world: Any) -> dict[str, Any]:
    """Two children in the care of North Children's Services, known by its child ids."""
    return {
        "C1001": make_person(given_name="Amara", source_agency=world.csc_a, source_id="C1001"),
        "C1002": make_person(given_name="Lily", source_agency=world.csc_a, source_id="C1002"),
    }


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


def test_dates_in_the_dfe_form_and_iso_form() -> None:
    assert parse_return_date("03/02/2025") == date(2025, 2, 3)
    assert parse_return_date("3/2/2025") == date(2025, 2, 3)
    assert parse_return_date("2025-02-03") == date(2025, 2, 3)
    for bad in ("31/02/2025", "2025/02/03", "03-02-2025", "2025-2-3", "yesterday"):
        with pytest.raises(ValueError):
            parse_return_date(bad)


def test_a_valid_file_creates_episodes_closed_with_their_return_interviews(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    out, err = run(write_csv(tmp_path, VALID), "--agency", world.csc_a.code)

    assert "Imported 3 row(s) of the SSDA903 Missing table: 3 created, 0 updated, 0 unchanged." in out
    assert err == ""
    missing = MissingEpisode.objects.get(source_agency=world.csc_a, source_id="903-C1001-2025-02-03")
    assert missing.person == children["C1001"]
    assert missing.missing_from == "care"
    assert missing.reported_at == midnight(date(2025, 2, 3))
    assert missing.returned_at == midnight(date(2025, 2, 5))
    assert missing.status == "closed"
    assert missing.reported_by == world.csc_a
    assert missing.recorded_by is None
    assert missing.risk_grade == ""  # the return carries no police grade: not graded
    assert not RiskGrading.objects.filter(episode=missing).exists()
    assert "M, missing from placement" in missing.circumstances
    interview = ReturnInterview.objects.get(episode=missing)
    assert interview.due_at == missing.returned_at + timedelta(hours=72)
    assert interview.provider is None
    assert interview.completed_at is None

    away = MissingEpisode.objects.get(source_id="903-C1001-2025-03-10")
    assert "A, away from placement without authorisation" in away.circumstances
    assert away.returned_at == away.reported_at  # back the same day
    assert ReturnInterview.objects.filter(episode=away).exists()

    event = AuditEvent.objects.get(action="import", object_type="ssda903_missing")
    assert event.username == "command line"
    assert event.detail == {"agency": "north-csc", "rows": 3, "created": 3, "updated": 0, "unchanged": 0}


def test_an_open_episode_has_no_end_and_no_interview_until_a_later_return_closes_it(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    run(write_csv(tmp_path, ["C1002,M,20/07/2025,"]), "--agency", world.csc_a.code)
    episode = MissingEpisode.objects.get(source_id="903-C1002-2025-07-20")
    assert episode.is_open and episode.returned_at is None
    assert not ReturnInterview.objects.filter(episode=episode).exists()

    out, _ = run(write_csv(tmp_path, ["C1002,M,20/07/2025,22/07/2025"]), "--agency", world.csc_a.code)

    assert "0 created, 1 updated, 0 unchanged" in out
    episode.refresh_from_db()
    assert episode.status == "closed" and episode.version == 2
    assert episode.returned_at == midnight(date(2025, 7, 22))
    assert ReturnInterview.objects.get(episode=episode).due_at == midnight(date(2025, 7, 25))


def test_re_running_the_same_file_changes_nothing(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, VALID)
    run(path, "--agency", world.csc_a.code)
    before = {
        episode.pk: (episode.version, episode.updated_at, episode.returned_at)
        for episode in MissingEpisode.objects.all()
    }
    interviews = list(ReturnInterview.objects.values_list("pk", "due_at", "version"))

    out, _ = run(path, "--agency", world.csc_a.code)
    # The same dates written the other way are the same episodes.
    iso = write_csv(
        tmp_path,
        ["C1001,M,2025-02-03,2025-02-05", "C1001,A,10/03/2025,10/03/2025", "C1002,M,2025-07-20,"],
        name="iso.csv",
    )
    out_iso, _ = run(iso, "--agency", world.csc_a.code)

    for output in (out, out_iso):
        assert "0 created, 0 updated, 3 unchanged." in output
    after = {
        episode.pk: (episode.version, episode.updated_at, episode.returned_at)
        for episode in MissingEpisode.objects.all()
    }
    assert after == before
    assert list(ReturnInterview.objects.values_list("pk", "due_at", "version")) == interviews
    assert AuditEvent.objects.filter(action="import", object_type="ssda903_missing").count() == 3


def test_a_return_recorded_in_lantern_to_the_minute_is_kept_while_the_day_matches(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    run(write_csv(tmp_path, ["C1002,M,20/07/2025,"]), "--agency", world.csc_a.code)
    episode = MissingEpisode.objects.get(source_id="903-C1002-2025-07-20")
    returned_at = datetime(2025, 7, 21, 23, 40, tzinfo=LONDON)
    episode_close(
        actor=world.social_worker_a,
        episode=episode,
        returned_at=returned_at,
        found_where="Friend's flat",
        found_postcode="",
        found_with=[],
        how_returned="found_by_police",
        safe_and_well_check_at=None,
        safe_and_well_check_by="",
        provider=None,
        expected_version=episode.version,
    )

    out, _ = run(write_csv(tmp_path, ["C1002,M,20/07/2025,21/07/2025"]), "--agency", world.csc_a.code)
    assert "0 created, 0 updated, 1 unchanged." in out
    episode.refresh_from_db()
    assert episode.returned_at == returned_at
    assert episode.found_where == "Friend's flat"

    out, _ = run(write_csv(tmp_path, ["C1002,M,20/07/2025,23/07/2025"]), "--agency", world.csc_a.code)
    assert "0 created, 1 updated, 0 unchanged." in out
    episode.refresh_from_db()
    assert episode.returned_at == midnight(date(2025, 7, 23))
    assert ReturnInterview.objects.get(episode=episode).due_at == midnight(date(2025, 7, 26))


def test_a_child_is_matched_by_their_local_authority_id(world: Any, tmp_path: Path) -> None:
    person = make_person(given_name="Tia")
    PersonIdentifier.objects.create(person=person, kind=IdentifierKind.LA_ID, value="LA-4471")

    out, _ = run(write_csv(tmp_path, ["la-4471,M,01/06/2025,02/06/2025"]), "--agency", world.csc_a.code)

    assert "1 created" in out
    episode = MissingEpisode.objects.get()
    assert episode.person == person
    assert episode.source_id == "903-la-4471-2025-06-01"


def test_a_child_id_naming_two_different_people_is_refused(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    other = make_person(given_name="Zara")
    PersonIdentifier.objects.create(person=other, kind=IdentifierKind.LA_ID, value="C1001")

    error, err = run_rejected(write_csv(tmp_path, VALID), "--agency", world.csc_a.code)

    assert error.returncode == 1
    assert "row 2: CHILD: names two people" in err
    assert not MissingEpisode.objects.exists()


FUTURE = (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (",M,01/01/2025,", "row 3: CHILD: must not be blank"),
        ("C9999,M,01/01/2025,", "row 3: CHILD: no person in Lantern has this child id from north-csc"),
        (
            "C1002,X,01/01/2025,",
            "row 3: MISSING: must be M (missing) or A (away without authorisation), not 'X'",
        ),
        (
            "C1002,,01/01/2025,",
            "row 3: MISSING: must be M (missing) or A (away without authorisation), not ''",
        ),
        ("C1002,M,,", "row 3: MIS_START: must not be blank"),
        (
            "C1002,M,31/02/2025,",
            "row 3: MIS_START: must be a real date written dd/mm/yyyy or yyyy-mm-dd, not '31/02/2025'",
        ),
        (
            "C1002,M,01/01/2025,2025-13-01",
            "row 3: MIS_END: must be a real date written dd/mm/yyyy or yyyy-mm-dd, not '2025-13-01'",
        ),
        (f"C1002,M,{FUTURE},", "row 3: MIS_START: must not be in the future"),
        (f"C1002,M,01/01/2025,{FUTURE}", "row 3: MIS_END: must not be in the future"),
        ("C1002,M,05/01/2025,04/01/2025", "row 3: MIS_END: must not be before MIS_START"),
        ("C1001,A,2025-02-03,", "row 3: MIS_START: the same CHILD and MIS_START as row 2"),
        ("C1002,M,01/01/2025,,extra", "row 3: values: the row has 5 values but the header has 4 columns"),
    ],
)
def test_a_bad_row_imports_nothing_and_is_named(
    world: Any, children: dict[str, Any], tmp_path: Path, bad_row: str, message: str
) -> None:
    path = write_csv(tmp_path, ["C1001,M,03/02/2025,05/02/2025", bad_row])

    error, err = run_rejected(path, "--agency", world.csc_a.code)

    assert error.returncode == 1
    assert message in err.splitlines()[0]
    assert str(error) == "1 bad row(s); nothing was imported."
    assert not MissingEpisode.objects.exists()
    assert not ReturnInterview.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("CHILD,MISSING,MIS_START", "row 1: MIS_END: column missing from the header"),
        ("CHILD,MISSING,MIS_START,MIS_END,CHILD", "row 1: CHILD: appears more than once in the header"),
        ("", "row 1: header: the first row must be the header CHILD,MISSING,MIS_START,MIS_END"),
    ],
)
def test_a_bad_header_imports_nothing(
    world: Any, children: dict[str, Any], tmp_path: Path, header: str, message: str
) -> None:
    error, err = run_rejected(write_csv(tmp_path, VALID, header=header), "--agency", world.csc_a.code)
    assert error.returncode == 1
    assert message in err
    assert not MissingEpisode.objects.exists()


def test_a_header_row_alone_imports_nothing_successfully(world: Any, tmp_path: Path) -> None:
    out, _ = run(write_csv(tmp_path, []), "--agency", world.csc_a.code)
    assert "Imported 0 row(s)" in out


def test_a_spreadsheet_export_with_byte_order_mark_and_blank_lines_is_read(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("child,missing,mis_start,mis_end\r\n\r\nC1002,m,20/07/2025,\r\n".encode("utf-8-sig"))
    out, _ = run(str(path), "--agency", world.csc_a.code)
    assert "1 created" in out

    path.write_bytes("CHILD,MISSING,MIS_START,MIS_END\r\n\r\nC1002,Q,20/07/2025,\r\n".encode("utf-8-sig"))
    _, err = run_rejected(str(path), "--agency", world.csc_a.code)
    assert err.startswith("row 3: MISSING:")  # the blank line still counts as a row


def test_every_bad_row_is_printed_and_the_command_exits_1(
    world: Any, children: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    # run_from_argv closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = write_csv(tmp_path, ["C1001,M,03/02/2025,05/02/2025", "C1002,Z,2025-02-30,", "C7,M,01/01/2025,"])

    with pytest.raises(SystemExit) as exited:
        ImportCommand().run_from_argv(
            ["manage.py", "import_ssda903_missing", path, "--agency", world.csc_a.code, "--skip-checks"]
        )

    assert exited.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[:3] == [
        "row 3: MISSING: must be M (missing) or A (away without authorisation), not 'Z'",
        "row 3: MIS_START: must be a real date written dd/mm/yyyy or yyyy-mm-dd, not '2025-02-30'",
        "row 4: CHILD: no person in Lantern has this child id from north-csc or this local authority ID",
    ]
    assert "2 bad row(s); nothing was imported." in lines[3]
    assert not MissingEpisode.objects.exists()


def test_a_closed_episode_cannot_be_reopened_by_a_blank_end(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    run(write_csv(tmp_path, VALID), "--agency", world.csc_a.code)
    error, err = run_rejected(write_csv(tmp_path, ["C1001,M,03/02/2025,"]), "--agency", world.csc_a.code)
    assert error.returncode == 1
    assert "row 2: MIS_END: must not be blank: the episode is closed in Lantern" in err
    assert MissingEpisode.objects.get(source_id="903-C1001-2025-02-03").status == "closed"


def test_an_unknown_agency_code_or_one_that_is_not_childrens_services_is_refused(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, VALID)
    error, _ = run_rejected(path, "--agency", "nowhere-csc")
    assert error.returncode == 1
    assert "No agency has the code 'nowhere-csc'" in str(error)
    error, _ = run_rejected(path, "--agency", world.police.code)
    assert error.returncode == 1
    assert "is not a children's social care agency" in str(error)
    # Child ids belong to one authority: another authority's code matches nobody.
    error, err = run_rejected(path, "--agency", world.csc_b.code)
    assert "row 2: CHILD: no person in Lantern has this child id from" in err
    assert not MissingEpisode.objects.exists()


def test_only_the_authoritys_caseworkers_or_a_partnership_admin_may_import(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, VALID)
    for user in (world.teacher, world.outsider_b, world.police_analyst):
        error, _ = run_rejected(path, "--agency", world.csc_a.code, "--as", user.username)
        assert "Only a partnership admin or a caseworker of north-csc" in str(error)
    refusals = AuditEvent.objects.filter(action="access_refused", object_type="ssda903_missing")
    assert refusals.count() == 3
    assert not MissingEpisode.objects.exists()

    run(path, "--agency", world.csc_a.code, "--as", world.social_worker_a.username)
    event = AuditEvent.objects.get(action="import", object_type="ssda903_missing")
    assert event.username == world.social_worker_a.username
    assert MissingEpisode.objects.filter(recorded_by=world.social_worker_a).count() == 3
    out, _ = run(path, "--agency", world.csc_a.code, "--as", world.partnership_admin.username)
    assert "3 unchanged" in out


def test_a_missing_file_or_unknown_user_is_reported(world: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "absent.csv"), "--agency", world.csc_a.code)
    with pytest.raises(CommandError, match="No active user 'ghost'"):
        run(write_csv(tmp_path, VALID), "--agency", world.csc_a.code, "--as", "ghost")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\nC\xe91,M,01/01/2025,\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(latin), "--agency", world.csc_a.code)


def test_imported_reported_at_is_midnight_uk_time_in_summer_and_winter(
    world: Any, children: dict[str, Any], tmp_path: Path
) -> None:
    run(write_csv(tmp_path, VALID), "--agency", world.csc_a.code)
    winter = MissingEpisode.objects.get(source_id="903-C1001-2025-02-03").reported_at
    summer = MissingEpisode.objects.get(source_id="903-C1002-2025-07-20").reported_at
    assert winter == datetime(2025, 2, 3, 0, 0, tzinfo=UTC)
    assert summer == datetime(2025, 7, 19, 23, 0, tzinfo=UTC)
