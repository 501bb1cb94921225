"""Reading missing episodes and return home interviews, always scoped to the user.

An episode is visible to anyone who may see the child, and while it is open to the police
exploitation team in every area. An interview is visible to anyone who may see the child and to
the provider asked to carry it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused
from lantern.missing.models import (
    EpisodeStatus,
    MissingEpisode,
    PhilomenaProfile,
    PhilomenaShare,
    ReturnInterview,
)
from lantern.missing.rules import (
    COMPLETED_LATE,
    DUE,
    OVERDUE,
    RepeatRule,
    interview_clock,
    repeat_rule,
)
from lantern.partnership.models import Agency, AgencyType, Area
from lantern.people.models import Person, Relationship
from lantern.people.selectors import person_get_for, person_visible_q, visible_person_ids_or_areas_for
from lantern.screening.models import Screening, ScreeningStatus

PROVIDER_TYPES = (AgencyType.VOLUNTARY, AgencyType.OTHER)


def _is_casework(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in CASEWORK_ROLES


def _refuse(
    user: Any, object_type: str, object_id: object = "", person_id: int | None = None, reason: str = ""
) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=object_type, object_id=object_id, person_id=person_id, reason=reason
    )
    return AccessRefused("You do not have a need to know about this record.")


def episode_visible_q(user: Any, prefix: str = "") -> Q:
    visible = person_visible_q(user, f"{prefix}person__")
    if _is_casework(user) and user.role == Role.EXPLOITATION_POLICE:
        visible |= Q(**{f"{prefix}status": EpisodeStatus.OPEN})
    return visible


def interview_visible_q(user: Any) -> Q:
    """``episode_visible_q`` through the interview's own copy of the child, so no episode join."""
    visible = person_visible_q(user, "person__")
    if not visible:  # a partnership-wide front door sees everyone (``Q() | x`` would be just x)
        return visible
    if _is_casework(user) and user.role == Role.EXPLOITATION_POLICE:
        visible |= Q(episode__status=EpisodeStatus.OPEN)
    if _is_casework(user) and getattr(user, "agency_id", None) is not None:
        visible |= Q(provider_id=user.agency_id)
    return visible


def _episodes() -> QuerySet[MissingEpisode]:
    return MissingEpisode.objects.select_related("person__area", "reported_by", "recorded_by")


# --- One episode ---------------------------------------------------------------------------


def episode_get_for(user: Any, episode_id: int, *, purpose: str = "") -> MissingEpisode:
    """The episode if the user may see it; every look is audited, allowed or not."""
    episode = _episodes().filter(episode_visible_q(user), pk=episode_id).first()
    if episode is None:
        person_id = MissingEpisode.objects.filter(pk=episode_id).values_list("person_id", flat=True).first()
        raise _refuse(user, "missing_episode", episode_id, person_id, "no need to know or no such episode")
    audit_record(
        actor=user,
        action="view",
        object_type="missing_episode",
        object_id=episode.pk,
        person_id=episode.person_id,
        purpose=purpose or "Missing episode",
    )
    return episode


@dataclass(frozen=True)
class EpisodeRecord:
    episode: MissingEpisode
    gradings: list[Any]
    found_with: list[Person]
    interview: ReturnInterview | None
    shares: list[PhilomenaShare]
    may_see_person: bool


def episode_record_for(user: Any, episode_id: int) -> EpisodeRecord:
    episode = episode_get_for(user, episode_id)
    interview = ReturnInterview.objects.select_related("provider").filter(episode=episode).first()
    return EpisodeRecord(
        episode=episode,
        gradings=list(episode.gradings.select_related("graded_by__agency")),
        found_with=list(episode.found_with.order_by("family_name", "given_name")),
        interview=interview,
        shares=list(episode.philomena_shares.select_related("to_agency", "produced_by")),
        may_see_person=Person.objects.filter(person_visible_q(user), pk=episode.person_id).exists(),
    )


# --- A person's episodes and the repeat-missing rule -------------------------------------------


@dataclass(frozen=True)
class RepeatStatus:
    rule: RepeatRule
    recent_episodes: int

    @property
    def flagged(self) -> bool:
        return self.recent_episodes >= self.rule.episodes


def repeat_status_for(person: Person, now: datetime | None = None) -> RepeatStatus:
    """Episodes reported within the rule's window. The caller may already see the person."""
    rule = repeat_rule()
    since = (now or timezone.now()) - timedelta(days=rule.days)
    count = MissingEpisode.objects.filter(person=person, reported_at__gte=since).count()
    return RepeatStatus(rule=rule, recent_episodes=count)


@dataclass(frozen=True)
class PersonEpisodes:
    person: Person
    episodes: list[MissingEpisode]
    profile: PhilomenaProfile | None
    repeat: RepeatStatus


def episode_list_for_person(user: Any, person_id: int) -> PersonEpisodes:
    person = person_get_for(user, person_id, purpose="Missing episodes")
    episodes = list(
        _episodes().filter(person=person).select_related("return_interview").order_by("-reported_at", "-id")
    )
    return PersonEpisodes(
        person=person,
        episodes=episodes,
        profile=PhilomenaProfile.objects.filter(person=person).first(),
        repeat=repeat_status_for(person),
    )


def episode_chronology_for(person: Person) -> list[MissingEpisode]:
    """For the chronology provider, called once the user may see the person."""
    return list(
        MissingEpisode.objects.filter(person=person)
        .select_related("reported_by", "return_interview__provider")
        .prefetch_related("gradings__graded_by__agency")
    )


def related_people_for(person: Person) -> list[Person]:
    """People already linked to the child, to choose from as associates or people named."""
    ids = set(Relationship.objects.filter(person=person).values_list("other_id", flat=True))
    ids |= set(Relationship.objects.filter(other=person).values_list("person_id", flat=True))
    ids.discard(person.pk)
    return list(Person.objects.filter(pk__in=ids).order_by("family_name", "given_name"))


def provider_choices() -> QuerySet[Agency]:
    """Independent return interview providers: voluntary-sector or other agencies."""
    return Agency.objects.filter(agency_type__in=PROVIDER_TYPES).order_by("name")


def police_choices() -> QuerySet[Agency]:
    return Agency.objects.filter(agency_type=AgencyType.POLICE).order_by("name")


def area_choices() -> QuerySet[Area]:
    return Area.objects.order_by("name")


# --- Work lists ----------------------------------------------------------------------------


def _refuse_unless_casework(user: Any, object_type: str) -> None:
    if not _is_casework(user):
        raise _refuse(user, object_type, reason="role may not see missing episodes")


def open_episode_list_for(user: Any, *, area_id: int | None = None) -> QuerySet[MissingEpisode]:
    _refuse_unless_casework(user, "missing_episode_list")
    episodes = _episodes().filter(episode_visible_q(user), status=EpisodeStatus.OPEN)
    if area_id is not None:
        episodes = episodes.filter(person__area_id=area_id)
    audit_record(
        actor=user,
        action="view",
        object_type="missing_episode_list",
        purpose="Open missing episodes",
        detail={"area_id": area_id} if area_id else None,
    )
    return episodes.order_by("reported_at", "pk")


@dataclass(frozen=True)
class InterviewRow:
    interview: ReturnInterview
    clock: str


COMPLETED_LATE_WINDOWS = (30, 90, 365)
DEFAULT_COMPLETED_LATE_DAYS = 90


@dataclass(frozen=True)
class InterviewList:
    interviews: QuerySet[ReturnInterview]
    due: int
    overdue: int
    completed_late: int
    now: datetime
    completed_within_days: int = DEFAULT_COMPLETED_LATE_DAYS
    total: int = 0  # the rows of ``interviews``: the counts already found them


def _clock_q(status: str, now: datetime, since: datetime) -> Q:
    if status == DUE:
        return Q(completed_at__isnull=True, due_at__gte=now)
    if status == OVERDUE:
        return Q(completed_at__isnull=True, due_at__lt=now)
    return Q(completed_at__gt=F("due_at"), completed_at__gte=since)


def _work_list_q(now: datetime, since: datetime) -> Q:
    """Open interviews (due or overdue), and those completed late since ``since``."""
    return Q(completed_at__isnull=True) | _clock_q(COMPLETED_LATE, now, since)


def _visible_interviews_q(user: Any) -> Q:
    """``interview_visible_q`` with every branch on the interview's own columns.

    The interview holds its child (``person``), so each branch is a test of ``person_id``,
    ``provider_id`` or ``episode_id`` against a set the database works out once (hashed): the
    list reads only the open and recently completed-late interviews, and never joins all of
    them to their episodes or people.
    """
    people = visible_person_ids_or_areas_for(user)
    if people.everyone:
        return Q()
    visible = people.q("person_id")
    if _is_casework(user) and user.role == Role.EXPLOITATION_POLICE:
        visible |= Q(episode_id__in=MissingEpisode.objects.filter(status=EpisodeStatus.OPEN).values("pk"))
    if _is_casework(user) and getattr(user, "agency_id", None) is not None:
        visible |= Q(provider_id=user.agency_id)
    return visible


@contextmanager
def _without_parallel_workers() -> Iterator[None]:
    """PostgreSQL: no parallel plan for the read inside. Each parallel worker builds its own hash
    of the user's open involvements (60,000 for a provider), which the planner does not cost:
    the counts took 75-160 ms in parallel against 32-51 ms alone (bench database, 100,000
    children)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        cursor.execute("RESET max_parallel_workers_per_gather")


def _shown(interviews: QuerySet[ReturnInterview]) -> QuerySet[ReturnInterview]:
    """As the list shows them: soonest due first, with the child, their area and the provider."""
    return interviews.select_related("person__area", "provider").order_by("due_at", "pk")


def interview_list_for(
    user: Any,
    *,
    area_id: int | None = None,
    provider_id: int | None = None,
    status: str = "",
    completed_within_days: int | None = None,
    now: datetime | None = None,
) -> InterviewList:
    """Return interviews due, overdue or completed late within the last ``completed_within_days``
    days (default 90), soonest due first (audited)."""
    _refuse_unless_casework(user, "return_interview_list")
    now = now or timezone.now()
    days = completed_within_days or DEFAULT_COMPLETED_LATE_DAYS
    since = now - timedelta(days=days)
    rows = ReturnInterview.objects.filter(_work_list_q(now, since))
    if area_id is not None:
        rows = rows.filter(person_id__in=Person.objects.filter(area_id=area_id).values("pk"))
    if provider_id is not None:
        rows = rows.filter(provider_id=provider_id)
    interviews = rows.filter(_visible_interviews_q(user))
    with _without_parallel_workers():
        counts = interviews.aggregate(
            due=Count("pk", filter=_clock_q(DUE, now, since)),
            overdue=Count("pk", filter=_clock_q(OVERDUE, now, since)),
            completed_late=Count("pk", filter=_clock_q(COMPLETED_LATE, now, since)),
        )
    total = sum(counts.values())
    if status in (DUE, OVERDUE, COMPLETED_LATE):
        interviews = interviews.filter(_clock_q(status, now, since))
        total = counts[status]
    filters = {
        "area_id": area_id,
        "provider_id": provider_id,
        "status": status,
        "completed_within_days": completed_within_days,
    }
    audit_record(
        actor=user,
        action="view",
        object_type="return_interview_list",
        purpose="Return home interviews",
        detail={
            "filters": {key: value for key, value in filters.items() if value not in (None, "")},
            **counts,
        },
    )
    return InterviewList(
        interviews=_shown(interviews),
        now=now,
        completed_within_days=days,
        total=total,
        **counts,
    )


def interview_page(listing: InterviewList, number: Any, per_page: int) -> Page[Any]:
    """A page of the list, in two steps: the page's ids, read from the ``interview_work_list``
    index alone (in order, need-to-know checked in the index), then those rows. The interviews
    are spread over a large table: reading every row in the list to sort it is what was slow.
    The total is the one the counts already found, so the list is not counted again."""
    paginator = Paginator(listing.interviews.values_list("pk", flat=True), per_page)
    paginator.count = listing.total
    page: Page[Any] = paginator.get_page(number)
    ids = list(page.object_list)  # visible: they come from the user's own list
    page.object_list = list(_shown(ReturnInterview.objects.filter(pk__in=ids))) if ids else []
    return page


def interview_rows(interviews: list[ReturnInterview], now: datetime) -> list[InterviewRow]:
    return [
        InterviewRow(interview, interview_clock(interview.due_at, interview.completed_at, now))
        for interview in interviews
    ]


def repeat_without_screening_list_for(
    user: Any, *, now: datetime | None = None, area_id: int | None = None, include_screened: bool = False
) -> tuple[RepeatRule, QuerySet[Person]]:
    """Children the user may see with repeat episodes under the rule and no completed screening
    (``include_screened``: screened or not, as the meeting agenda proposes them), most episodes
    first; in one area when ``area_id`` is given."""
    _refuse_unless_casework(user, "repeat_missing_list")
    rule = repeat_rule()
    since = (now or timezone.now()) - timedelta(days=rule.days)
    people = Person.objects.filter(person_visible_q(user))
    if area_id is not None:
        people = people.filter(area_id=area_id)
    if not include_screened:
        completed = Screening.objects.filter(person=OuterRef("pk"), status=ScreeningStatus.COMPLETED)
        people = people.exclude(Exists(completed))
    people = (
        people.annotate(
            recent_episodes=Count("missing_episodes", filter=Q(missing_episodes__reported_at__gte=since))
        )
        .filter(recent_episodes__gte=rule.episodes)
        .select_related("area")
        .order_by("-recent_episodes", "family_name", "pk")
    )
    detail: dict[str, Any] = {"episodes": rule.episodes, "days": rule.days}
    if area_id is not None:
        detail["area_id"] = area_id
    if include_screened:
        detail["include_screened"] = True
    audit_record(
        actor=user,
        action="view",
        object_type="repeat_missing_list",
        purpose="Repeat missing" if include_screened else "Repeat missing without a screening",
        detail=detail,
    )
    return rule, people


# --- Return interviews ---------------------------------------------------------------------


def interview_get_for(user: Any, interview_id: int, *, purpose: str = "") -> ReturnInterview:
    interview = (
        ReturnInterview.objects.select_related("episode__person__area", "provider", "recorded_by")
        .filter(interview_visible_q(user), pk=interview_id)
        .first()
    )
    if interview is None:
        person_id = (
            ReturnInterview.objects.filter(pk=interview_id).values_list("person_id", flat=True).first()
        )
        raise _refuse(
            user, "return_interview", interview_id, person_id, "no need to know or no such interview"
        )
    audit_record(
        actor=user,
        action="view",
        object_type="return_interview",
        object_id=interview.pk,
        person_id=interview.episode.person_id,
        purpose=purpose or "Return home interview",
    )
    return interview


@dataclass(frozen=True)
class InterviewRecord:
    interview: ReturnInterview
    attempts: list[Any]
    people_named: list[Person]
    clock: str


def interview_record_for(user: Any, interview_id: int) -> InterviewRecord:
    interview = interview_get_for(user, interview_id)
    return InterviewRecord(
        interview=interview,
        attempts=list(interview.attempts.all()),
        people_named=list(interview.people_named.order_by("family_name", "given_name")),
        clock=interview_clock(interview.due_at, interview.completed_at, timezone.now()),
    )


# --- Philomena profile ---------------------------------------------------------------------


def philomena_get_for(user: Any, person_id: int) -> tuple[Person, PhilomenaProfile | None]:
    person = person_get_for(user, person_id, purpose="Philomena profile")
    return person, PhilomenaProfile.objects.filter(person=person).first()


@dataclass(frozen=True)
class PrintableProfile:
    episode: MissingEpisode
    profile: PhilomenaProfile | None
    related: list[Relationship]
    previous: list[MissingEpisode]
    address: Any
    share: PhilomenaShare | None


def philomena_print_for(user: Any, episode_id: int) -> PrintableProfile:
    """Parts 1 and 2 for one episode, filled from the records Lantern already holds."""
    episode = episode_get_for(user, episode_id, purpose="Philomena profile for the police")
    person = episode.person
    related = list(
        Relationship.objects.filter(person=person, end__isnull=True).select_related("other").order_by("kind")
    )
    previous = list(
        MissingEpisode.objects.filter(person=person).exclude(pk=episode.pk).order_by("-reported_at")[:10]
    )
    return PrintableProfile(
        episode=episode,
        profile=PhilomenaProfile.objects.filter(person=person).first(),
        related=related,
        previous=previous,
        address=person.addresses.filter(end__isnull=True).order_by("-start").first(),
        share=episode.philomena_shares.select_related("to_agency", "produced_by").first(),
    )
