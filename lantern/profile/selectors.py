"""The partnership profile: every figure as at a date, read only.

Counts are worked out by the database in one grouped query, so the time does not grow with a
query per child. Analysts see counts and pseudonymised rows (no names); only the drill-down, for
casework roles and scoped by need-to-know, returns people.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, Value, When

from lantern.accounts.roles import Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.contexts.selectors import pseudonym
from lantern.core.errors import AccessRefused
from lantern.partnership.selectors import area_list, risk_scale
from lantern.people.models import CareStatus, CareStatusValue, Sex
from lantern.people.selectors import person_visible_q
from lantern.risk.models import ExploitationType, RiskAssessment
from lantern.risk.scale import add_months

# Who may read the profile (counts, no names): analysts produce it, partnership admins and
# meeting chairs take it to the board and MACE, case holders and the front door use it to see
# the picture around their own work. Practitioners, police officers, safeguarding leads and
# auditors have no need for partnership-wide figures.
PROFILE_ROLES = frozenset(
    {Role.ANALYST, Role.PARTNERSHIP_ADMIN, Role.MEETING_CHAIR, Role.CASE_HOLDER, Role.FRONT_DOOR}
)

# The order decides a child's single care status when several episodes are open on the day.
CARE_PRECEDENCE = (
    CareStatusValue.LOOKED_AFTER,
    CareStatusValue.CP_PLAN,
    CareStatusValue.CIN_PLAN,
    CareStatusValue.OPEN_ASSESSMENT,
    CareStatusValue.EARLY_HELP,
)
NOT_OPEN = "not_open"
CARE_LABELS = {**{value.value: value.label for value in CARE_PRECEDENCE}, NOT_OPEN: "Not open"}
SEXES = (Sex.FEMALE, Sex.MALE, Sex.UNKNOWN)
TOTAL = "total"

DEFINITIONS = {
    "population": (
        "Children with a risk assessment open on the as-at date: assessed on or before it and not "
        "closed on or before it. Each child is counted once, in the area of their person record; "
        "'total' also counts children whose area is unknown or outside the partnership."
    ),
    "exploitation": "Primary exploitation type and level of each child's latest open assessment.",
    "care_status": (
        "The child's care status episode open on the as-at date (started on or before it, not ended "
        "on or before it), by precedence looked after > child protection plan > child in need plan > "
        "open assessment > early help; otherwise not open (a care leaver counts as not open)."
    ),
    "risk_assessment": (
        "Up to date: the latest open assessment was made within one calendar month before the "
        "as-at date. Overdue: otherwise. Percentage up to date to one decimal place."
    ),
    "exploitation_by_sex": "Primary exploitation type of the latest open assessment, by the child's recorded sex.",
}


def can_view_profile(role: str) -> bool:
    return role in PROFILE_ROLES


def require_profile_access(user: Any, *, object_type: str = "profile_report", object_id: object = "") -> None:
    if not can_view_profile(getattr(user, "role", "")):
        audit_refusal(
            actor=user,
            object_type=object_type,
            object_id=object_id,
            reason=f"role {getattr(user, 'role', '')} may not read the partnership profile",
        )
        raise AccessRefused("Your role does not include the partnership profile.")


def profile_report_for(user: Any, *, as_at: date, purpose: str = "view") -> dict[str, Any]:
    """The profile for a user allowed to read it; every read is audited."""
    require_profile_access(user, object_id=as_at.isoformat())
    report = profile_report(as_at=as_at)
    audit_record(
        actor=user,
        action="view" if purpose == "view" else "export",
        object_type="profile_report",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat(), "purpose": purpose},
    )
    return report


def _open_assessment_q(as_at: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}assessed_on__lte": as_at}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": as_at})
    )


def _care_open_on(as_at: date, status: str) -> Exists:
    return Exists(
        CareStatus.objects.filter(person_id=OuterRef("person_id"), status=status, start__lte=as_at).filter(
            Q(end__isnull=True) | Q(end__gt=as_at)
        )
    )


def population_on(as_at: date, exploitation_type: str | None = None) -> Any:
    """One row per child: the child's latest assessment open on ``as_at``.

    Written as "no later open assessment exists" so the database can answer it with one anti-join
    rather than a lookup per child. With ``exploitation_type``, only the children whose latest open
    assessment has that primary type.
    """
    later_open = RiskAssessment.objects.filter(
        _open_assessment_q(as_at), person_id=OuterRef("person_id")
    ).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), id__gt=OuterRef("id"))
    )
    population = RiskAssessment.objects.filter(_open_assessment_q(as_at)).filter(~Exists(later_open))
    if exploitation_type:
        population = population.filter(exploitation_type=exploitation_type)
    return population.order_by()


def _care_status_on(as_at: date) -> Case:
    """Each child's one care status on the date, by CARE_PRECEDENCE, else ``not_open``."""
    return Case(
        *[When(_care_open_on(as_at, status), then=Value(status.value)) for status in CARE_PRECEDENCE],
        default=Value(NOT_OPEN),
        output_field=CharField(),
    )


def _grouped_counts(as_at: date, exploitation_type: str | None) -> list[dict[str, Any]]:
    care = _care_status_on(as_at)
    current = Case(
        When(assessed_on__gte=add_months(as_at, -1), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    query = (
        population_on(as_at, exploitation_type)
        .annotate(
            area_code=F("person__area__code"),
            sex=F("person__sex"),
            care=care,
            current=current,
        )
        .values("area_code", "sex", "exploitation_type", "level", "care", "current")
        .annotate(n=Count("id"))
        .order_by()
    )
    with transaction.atomic():
        tune_reporting_transaction()
        return list(query)


def tune_reporting_transaction() -> None:
    """PostgreSQL's JIT compiler spends seconds on this one short query (its row estimate is far
    too high) and the grouping sort spills to disk with the default work_mem: turn both off for
    this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")


def _level_label(level: str) -> str:
    return level.replace("_", " ").capitalize()


def _empty_counts(codes: list[str]) -> dict[str, Any]:
    return {**dict.fromkeys(codes, 0), TOTAL: 0}


def _add(counts: dict[str, Any], code: str | None, n: int, codes: set[str]) -> None:
    if code in codes:
        counts[code] += n
    counts[TOTAL] += n


def _row(key: str, label: str, counts: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "label": label, "counts": counts}


def _non_zero(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if any(row["counts"].values())]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def profile_report(*, as_at: date, exploitation_type: str | None = None) -> dict[str, Any]:
    """The profile as at ``as_at`` for a caller already allowed it (the command, the selectors above).

    With ``exploitation_type``, only the children whose primary exploitation type on the date is it.
    """
    codes = list(area_list().values_list("code", flat=True))
    code_set = set(codes)
    groups = _grouped_counts(as_at, exploitation_type)
    levels = risk_scale()
    levels += sorted({g["level"] for g in groups} - set(levels))
    exploitation = {(t.value, level): _empty_counts(codes) for t in ExploitationType for level in levels}
    care = {key: _empty_counts(codes) for key in CARE_LABELS}
    currency = {key: _empty_counts(codes) for key in ("up_to_date", "overdue")}
    by_sex = {(t.value, s.value): _empty_counts(codes) for t in ExploitationType for s in SEXES}
    for group in groups:
        code, n = group["area_code"], group["n"]
        type_key = (
            group["exploitation_type"] if group["exploitation_type"] in ExploitationType.values else "other"
        )
        _add(exploitation[(type_key, group["level"])], code, n, code_set)
        _add(care[group["care"]], code, n, code_set)
        _add(currency["up_to_date" if group["current"] else "overdue"], code, n, code_set)
        sex = group["sex"] if group["sex"] in Sex.values else Sex.UNKNOWN
        _add(by_sex[(type_key, sex)], code, n, code_set)
    percent = {
        column: _percent(
            currency["up_to_date"][column], currency["up_to_date"][column] + currency["overdue"][column]
        )
        for column in [*codes, TOTAL]
    }
    type_labels = dict(ExploitationType.choices)
    sex_labels = dict(Sex.choices)
    return {
        "as_at": as_at.isoformat(),
        "areas": codes,
        "tables": {
            "exploitation": _non_zero(
                [
                    _row(f"{t}.{level}", f"{type_labels[t]}: {_level_label(level)}", counts)
                    for (t, level), counts in exploitation.items()
                ]
            ),
            "care_status": [_row(key, CARE_LABELS[key], counts) for key, counts in care.items()],
            "risk_assessment": [
                _row(
                    "up_to_date",
                    "With an up-to-date risk assessment (within the last month)",
                    currency["up_to_date"],
                ),
                _row("overdue", "With an overdue risk assessment", currency["overdue"]),
                _row("percent_up_to_date", "Percentage with an up-to-date risk assessment", percent),
            ],
            "exploitation_by_sex": _non_zero(
                [
                    _row(f"{t}.{s}", f"{type_labels[t]}: {sex_labels[s]}", counts)
                    for (t, s), counts in by_sex.items()
                ]
            ),
        },
    }


def area_names() -> dict[str, str]:
    return dict(area_list().values_list("code", "name"))


# Who may open the children behind a count: casework roles that use the profile. They see only
# the children they could open anyway (need to know); analysts and admins see counts only.
DRILL_DOWN_ROLES = frozenset({Role.CASE_HOLDER, Role.FRONT_DOOR, Role.MEETING_CHAIR})
DRILL_DOWN_TABLES = ("exploitation", "care_status", "risk_assessment", "exploitation_by_sex")


def can_drill_down(role: str) -> bool:
    return role in DRILL_DOWN_ROLES


def _matching(population: Any, as_at: date, table: str, key: str) -> Any:
    first, _, second = key.partition(".")
    if table == "exploitation":
        return population.filter(exploitation_type=first, level=second)
    if table == "exploitation_by_sex":
        return population.filter(exploitation_type=first, person__sex=second)
    if table == "risk_assessment" and key in {"up_to_date", "overdue"}:
        recent = Q(assessed_on__gte=add_months(as_at, -1))
        return population.filter(recent if key == "up_to_date" else ~recent)
    if table == "care_status" and key in CARE_LABELS:
        flags = {status.value: _care_open_on(as_at, status) for status in CARE_PRECEDENCE}
        matching = population.annotate(**flags)
        for status in CARE_PRECEDENCE:
            if status.value == key:
                return matching.filter(**{status.value: True})
            matching = matching.filter(**{status.value: False})
        return matching
    return population.none()


def profile_children_for(
    user: Any, *, as_at: date, table: str, key: str, area: str = "", exploitation_type: str | None = None
) -> list[Any]:
    """The children behind one count that this user may see, for an authorised casework user;
    ``exploitation_type`` as the profile's type filter (the count was of that type only)."""
    object_id = f"{as_at.isoformat()}:{table}:{key}:{area}"
    if not can_drill_down(getattr(user, "role", "")):
        audit_refusal(
            actor=user,
            object_type="profile_drilldown",
            object_id=object_id,
            reason=f"role {getattr(user, 'role', '')} sees counts only",
        )
        raise AccessRefused("Your role sees counts only, not the children behind them.")
    population = _matching(population_on(as_at, exploitation_type), as_at, table, key)
    if area and area != TOTAL:
        population = population.filter(person__area__code=area)
    rows = list(
        population.filter(person_visible_q(user, prefix="person__"))
        .select_related("person", "person__area")
        .order_by("person__family_name", "person__given_name", "person_id")
    )
    audit_record(
        actor=user,
        action="view",
        object_type="profile_drilldown",
        object_id=object_id,
        detail={
            "as_at": as_at.isoformat(),
            "table": table,
            "key": key,
            "area": area,
            "exploitation_type": exploitation_type or "",
            "shown": len(rows),
        },
    )
    return rows


# Analysts work from one pseudonymised row per child: what the tables count, without a name, a
# date of birth or a record number. The pseudonym is stable (the same child reads the same in
# every download and on the contexts pages) but cannot be turned back into the record.
PSEUDONYMISED_ROW_ROLES = frozenset({Role.ANALYST})
PSEUDONYMISED_COLUMNS = (
    "pseudonym",
    "area",
    "sex",
    "age",
    "exploitation_type",
    "level",
    "care_status",
    "risk_assessment",
)


def can_read_pseudonymised_rows(role: str) -> bool:
    return role in PSEUDONYMISED_ROW_ROLES


def _age_on(born: date | None, as_at: date) -> int | None:
    if born is None:
        return None
    return as_at.year - born.year - ((as_at.month, as_at.day) < (born.month, born.day))


def pseudonymised_rows_for(user: Any, *, as_at: date) -> list[dict[str, Any]]:
    """One row per child in the population on ``as_at`` (the children the profile counts), for an
    analyst; refused and audited for anyone else, and every read audited as an export."""
    object_id = as_at.isoformat()
    if not can_read_pseudonymised_rows(getattr(user, "role", "")):
        audit_refusal(
            actor=user,
            object_type="profile_rows",
            object_id=object_id,
            reason=f"role {getattr(user, 'role', '')} may not read pseudonymised rows",
        )
        raise AccessRefused("Pseudonymised rows are for the partnership's analysts.")
    up_to_date_from = add_months(as_at, -1)
    with transaction.atomic():
        tune_reporting_transaction()
        records = list(
            population_on(as_at)
            .annotate(care=_care_status_on(as_at))
            .values_list(
                "person_id",
                "person__area__code",
                "person__sex",
                "person__date_of_birth",
                "exploitation_type",
                "level",
                "care",
                "assessed_on",
            )
        )
    rows = sorted(
        (
            {
                "pseudonym": pseudonym(person_id),
                "area": area_code or "",
                "sex": sex,
                "age": _age_on(born, as_at),
                "exploitation_type": exploitation_type,
                "level": level,
                "care_status": care_status,
                "risk_assessment": "up_to_date" if assessed_on >= up_to_date_from else "overdue",
            }
            for person_id, area_code, sex, born, exploitation_type, level, care_status, assessed_on in records
        ),
        key=lambda row: row["pseudonym"],
    )
    audit_record(
        actor=user,
        action="export",
        object_type="profile_rows",
        object_id=object_id,
        detail={"as_at": object_id, "rows": len(rows)},
    )
    return rows
