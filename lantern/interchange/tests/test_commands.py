from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from lantern.audit.models import AuditEvent
from lantern.interchange.docs import DOC_PATH, render_interchange_doc
from lantern.interchange.management.commands.import_records import Command as ImportCommand
from lantern.interchange.tests.factories import sample_records, write_jsonl
from lantern.people.models import Person
from lantern.prevent.models import Course


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_committed_doc_matches_the_schemas() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_interchange_doc(), (
        "docs/interchange.md is out of date: run python manage.py interchange_docs"
    )
    out, _ = run("interchange_docs", "--check")
    assert "up to date" in out


def test_doc_explains_every_field_of_every_type() -> None:
    from lantern.interchange.schemas import SCHEMAS

    doc = render_interchange_doc()
    for record_type, schema in SCHEMAS.items():
        assert f"### `{record_type}`" in doc
        for name in schema["properties"]:
            assert f"| `{name}` |" in doc
    for topic in ("## Order", "## Idempotency", "## Validation: all or nothing"):
        assert topic in doc


@pytest.mark.django_db
def test_import_command_prints_a_summary(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", sample_records())
    out, _ = run("import_records", path)
    assert "person: 2 created, 0 updated, 0 unchanged" in out
    assert "Imported 12 line(s): 12 created, 0 updated." in out
    out, _ = run("import_records", path)
    assert "Imported 12 line(s): 0 created, 0 updated." in out


@pytest.mark.django_db
def test_import_command_exits_1_naming_each_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_from_argv closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    records = sample_records()
    records[5]["date_of_birth"] = "not a date"
    records[11]["level"] = "extreme"
    path = write_jsonl(tmp_path / "bad.jsonl", records)

    with pytest.raises(SystemExit) as exited:
        ImportCommand().run_from_argv(["manage.py", "import_records", path, "--skip-checks"])

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "line 6: date_of_birth: must be a real date written YYYY-MM-DD, not 'not a date'" in captured.err
    assert "line 12: level: 'extreme' is not on the partnership's risk scale" in captured.err
    assert "2 bad line(s); nothing was imported." in captured.err
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_import_command_refuses_missing_files_and_unknown_users(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_records", str(tmp_path / "missing.jsonl"))
    path = write_jsonl(tmp_path / "in.jsonl", sample_records())
    with pytest.raises(CommandError, match="No active user 'ghost'"):
        run("import_records", path, "--as", "ghost")


@pytest.mark.django_db
def test_commands_as_a_user_need_a_partnership_admin(world: Any, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", sample_records())
    with pytest.raises(CommandError, match="Only a partnership admin"):
        run("import_records", path, "--as", world.teacher.username)
    with pytest.raises(CommandError, match="Only a partnership admin"):
        run("export_records", str(tmp_path / "out.jsonl"), "--as", world.teacher.username)
    assert AuditEvent.objects.filter(action="access_refused", object_type="interchange").count() == 2
    run("import_records", path, "--as", world.partnership_admin.username)
    assert AuditEvent.objects.get(action="import").username == world.partnership_admin.username


@pytest.mark.django_db
def test_export_command_writes_jsonl_that_imports_cleanly(tmp_path: Path) -> None:
    source_path = write_jsonl(tmp_path / "in.jsonl", sample_records())
    run("import_records", source_path)
    target = tmp_path / "out.jsonl"
    out, _ = run("export_records", str(target))
    seeded_courses = Course.objects.count()  # the prevent app's default courses
    assert f"Exported {12 + seeded_courses} record(s)" in out
    lines = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["type"] == "partnership"
    assert "Children's Services" in target.read_text(encoding="utf-8")
    out, _ = run("import_records", str(target))
    assert "0 created, 0 updated" in out
    assert AuditEvent.objects.filter(action="export").count() == 1
