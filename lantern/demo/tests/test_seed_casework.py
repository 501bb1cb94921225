"""The demo seed's casework: every module has synthetic data a newcomer can explore."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, F

from lantern.accounts.models import User
from lantern.chronology.registry import chronology_for
from lantern.concerns.models import Concern, ConcernStatus, Notification
from lantern.contexts.models import (
    Context,
    ContextAssessment,
    ContextKind,
    ContextLink,
    ContextPlan,
    ContextResponse,
)
from lantern.demo.modules import TOWN_POINTS, _episodes_of, load_population
from lantern.demo.services import AREAS, JADE_DOB, demo_seed
from lantern.missing.models import EpisodeStatus, MissingEpisode, ReturnInterview, RiskGrading
from lantern.missing.rules import RETURN_INTERVIEW_WITHIN
from lantern.missing.selectors import interview_list_for, open_episode_list_for
from lantern.partnership.models import Agency, Area
from lantern.people.models import Involvement, Person
from lantern.referrals.models import Referral
from lantern.referrals.selectors import referral_queue_for
from lantern.referrals.working_days import decided_late
from lantern.screening.models import Indicator, IndicatorCatalogue, Screening, ScreeningAnswer
from lantern.screening.scoring import level_for_index
from lantern.screening.selectors import screening_suggestion

from .test_seed_demo import TODAY

CHILDREN = 400
NOW = datetime.combine(TODAY, time(12), tzinfo=UTC)
BANNED = ("putting themselves at risk", "risky lifestyle", "child prostitute", "sexually active", "boyfriend")


@pytest.fixture
def seeded(db: None) -> None:
    demo_seed(children=CHILDREN, seed=7, today=TODAY)


def _jade() -> Person:
    return Person.objects.get(given_name="Jade", family_name="Smith", date_of_birth=JADE_DOB)


def test_jade_smiths_chronology_shows_every_module(seeded: None) -> None:
    jade = _jade()
    assert Concern.objects.filter(person=jade, status=ConcernStatus.OPEN).exists()
    assert Screening.objects.filter(person=jade, status="completed").exists()
    assert Referral.objects.filter(person=jade, decided_at=None).exists()
    episode = MissingEpisode.objects.get(person=jade)
    assert episode.return_interview.completed_at is not None
    assert ContextLink.objects.filter(person=jade).exists()
    kinds = {entry.kind for entry in chronology_for(jade, User.objects.get(username="socialworker"))}
    for module in ["concern", "screening", "referral", "missing", "context"]:
        assert any(module in kind for kind in kinds), (module, kinds)


def test_untriaged_concerns_wait_for_the_demo_dsl_with_notifications(seeded: None) -> None:
    dsl = User.objects.get(username="dsl")
    waiting = Concern.objects.filter(agency=dsl.agency, status=ConcernStatus.OPEN)
    assert waiting.exists()
    notes = Notification.objects.filter(recipient=dsl)
    assert notes.count() == waiting.count()
    assert {note.url for note in notes} == {f"/concerns/{pk}/" for pk in waiting.values_list("pk", flat=True)}
    assert Concern.objects.filter(status=ConcernStatus.TRIAGED).count() > Concern.objects.count() / 2
    raisers_involved = Concern.objects.filter(
        person__involvements__agency=F("agency"), person__involvements__end=None
    ).distinct()
    assert raisers_involved.count() == Concern.objects.count()


def test_screenings_use_the_default_catalogue_and_their_answers_give_the_level(seeded: None) -> None:
    catalogue = IndicatorCatalogue.objects.get(is_current=True)
    indicators = Indicator.objects.filter(domain__catalogue=catalogue).count()
    screenings = Screening.objects.filter(status="completed")
    assert CHILDREN * 0.15 < screenings.count() < CHILDREN * 0.35
    assert set(screenings.values_list("catalogue_id", flat=True)) == {catalogue.pk}
    per_screening = ScreeningAnswer.objects.values("screening_id").annotate(n=Count("id"))
    assert {row["n"] for row in per_screening} == {indicators}
    assert set(screenings.values_list("final_level", flat=True)) == {"low", "medium", "high"}
    for screening in screenings.select_related("person", "catalogue")[:60]:
        assert screening.completed_at is not None
        suggestion = screening_suggestion(screening, on=screening.completed_at.date())
        assert level_for_index(["low", "medium", "high"], suggestion.level_index) == screening.suggested_level
        assert screening.weighted_total is not None
        assert suggestion.weighted_total == Decimal(screening.weighted_total)
        if screening.final_level != screening.suggested_level:
            assert screening.level_reason


def test_referrals_go_to_the_childs_front_door_some_waiting_some_late(seeded: None) -> None:
    referrals = Referral.objects.all()
    assert referrals.count() > 20
    assert referrals.filter(area_id=F("person__area_id")).count() == referrals.count()
    frontdoor = User.objects.select_related("agency").get(username="frontdoor")
    assert frontdoor.agency is not None
    queue = referral_queue_for(frontdoor)
    assert queue and all(row.referral.area_id == frontdoor.agency.area_id for row in queue)
    decided = [(r.received_at, r.decided_at) for r in referrals.exclude(decided_at=None)]
    late = [1 for received, done in decided if done is not None and decided_late(received, done)]
    assert 0 < len(late) < referrals.count() / 2
    assert referrals.filter(consent_given=False).exclude(reason_without_consent="").exists()


def test_missing_episodes_gradings_and_return_interviews(seeded: None) -> None:
    episodes = MissingEpisode.objects.all()
    assert 3.5 * CHILDREN < episodes.count() < 6.5 * CHILDREN
    assert episodes.filter(status=EpisodeStatus.OPEN, return_interview__isnull=True).exists()
    first_grades = RiskGrading.objects.filter(
        episode_id__in=episodes.values("pk"), graded_at=F("episode__reported_at")
    )
    assert first_grades.count() == episodes.count()
    regraded = episodes.annotate(n=Count("gradings")).filter(n__gt=1)
    assert regraded.exists()
    for episode in regraded[:20]:
        assert episode.gradings.order_by("graded_at").last().grade == episode.risk_grade  # type: ignore[union-attr]
    closed = episodes.filter(status=EpisodeStatus.CLOSED)
    assert ReturnInterview.objects.count() == closed.count()
    for interview in ReturnInterview.objects.select_related("episode")[:200]:
        returned_at = interview.episode.returned_at
        assert returned_at is not None and interview.due_at == returned_at + RETURN_INTERVIEW_WITHIN
    provider = Agency.objects.get(code="return-interviews")
    with_provider = set(
        ReturnInterview.objects.filter(provider=provider).values_list("episode__person_id", flat=True)
    )
    involved = set(Involvement.objects.filter(agency=provider, end=None).values_list("person_id", flat=True))
    assert with_provider <= involved
    listing = interview_list_for(User.objects.get(username="returns"), now=NOW)
    assert listing.due > 0 and listing.overdue > 0 and listing.completed_late > 0
    assert open_episode_list_for(User.objects.get(username="police")).exists()


def test_contexts_and_links_are_in_proportion_and_on_the_map(seeded: None) -> None:
    contexts = Context.objects.all()
    assert contexts.count() == pytest.approx(CHILDREN * 0.2, rel=0.1)
    assert set(contexts.values_list("kind", flat=True)) == set(ContextKind.values)
    assert ContextLink.objects.count() == pytest.approx(CHILDREN * 5, rel=0.15)
    towns = {spec.code: spec.towns for spec in AREAS}
    for context in contexts.filter(kind=ContextKind.LOCATION).select_related("area"):
        assert context.area is not None and context.latitude is not None and context.longitude is not None
        points = [TOWN_POINTS[town] for town in towns[context.area.code]]
        assert any(
            abs(float(context.latitude) - lat) < 0.02 and abs(float(context.longitude) - long) < 0.03
            for lat, long in points
        )
    cross_area = ContextLink.objects.exclude(context__area_id=F("person__area_id"))
    assert not cross_area.exists()
    assert ContextAssessment.objects.exists() and ContextPlan.objects.exists()
    assert ContextResponse.objects.exists()


def test_casework_text_uses_appropriate_language(seeded: None) -> None:
    texts = [
        *Concern.objects.values_list("what_happened", flat=True),
        *ReturnInterview.objects.values_list("pull_factors", flat=True)[:200],
        *ReturnInterview.objects.values_list("harm_or_threats", flat=True)[:200],
        *Context.objects.values_list("description", flat=True),
        *MissingEpisode.objects.values_list("circumstances", flat=True)[:200],
        *Referral.objects.values_list("reason", flat=True),
    ]
    joined = " ".join(texts).lower()
    for phrase in BANNED:
        assert phrase not in joined


def test_casework_generation_is_deterministic(seeded: None) -> None:
    children = sorted(
        Person.objects.filter(risk_assessments__isnull=False).distinct().values_list("pk", flat=True)
    )
    partnership = {
        "areas": {area.code: area for area in Area.objects.all()},
        "agencies": {agency.code: agency for agency in Agency.objects.all()},
        "users": {user.username: user for user in User.objects.all()},
    }

    def episodes(seed: int) -> list[tuple[object, ...]]:
        ctx = load_population(
            child_ids=children,
            rng=random.Random(seed),
            today=TODAY,
            now=NOW - timedelta(hours=1),
            **partnership,
        )
        return [plan.values for child in ctx.children[:80] for plan in _episodes_of(ctx, child)]

    assert episodes(3) == episodes(3)
    assert episodes(3) != episodes(4)
