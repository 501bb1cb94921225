"""Workforce learning records: own record, a manager's team, the partnership's coverage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.prevent.learning import add_months
from lantern.prevent.models import Attendance, Course, TrainingSession

pytestmark = pytest.mark.django_db


def _refused(client, url, user, method="get", data=None):
    before = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, url
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() > before, url


def _attend(user, course_name, held_on, recorder):
    course = Course.objects.get(name=course_name)
    session = TrainingSession.objects.create(course=course, held_on=held_on)
    Attendance.objects.create(session=session, user=user, agency=user.agency, recorded_by=recorder)
    return session


def test_add_months_keeps_the_day_or_uses_the_last_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 15), 24) == date(2025, 11, 15)


def test_admin_views_refuse_everyone_else(world):
    course = Course.objects.get(name="Exploitation awareness")
    session = TrainingSession.objects.create(course=course, held_on=date.today())
    urls = [
        reverse("prevent:course-list"),
        reverse("prevent:course-create"),
        reverse("prevent:course-detail", args=[course.pk]),
        reverse("prevent:session-detail", args=[session.pk]),
    ]
    for user in (world.outsider_b, world.school_dsl, world.police_analyst):
        client = world.client_for(user)
        for url in urls:
            _refused(client, url, user)
        _refused(
            client, reverse("prevent:session-detail", args=[session.pk]), user, "post", {"people": [user.pk]}
        )


def test_coverage_and_team_views_refuse_the_wrong_roles(world):
    for user in (world.teacher, world.outsider_b, world.school_dsl):
        _refused(world.client_for(user), reverse("prevent:learning-coverage"), user)
    for user in (world.teacher, world.social_worker_a, world.partnership_admin):
        _refused(world.client_for(user), reverse("prevent:learning-team"), user)


def test_staff_see_their_own_record_and_a_worker_cannot_see_a_colleagues(world):
    _attend(
        world.teacher, "Exploitation awareness", date.today() - timedelta(days=30), world.partnership_admin
    )
    _attend(
        world.teacher, "Appropriate language", date.today() - timedelta(days=4 * 365), world.partnership_admin
    )
    client = world.client_for(world.teacher)
    mine = client.get(reverse("prevent:learning-mine")).content.decode()
    assert "Your learning record" in mine
    assert "In date" in mine and "Refresher overdue" in mine and "Not trained" in mine
    _refused(client, reverse("prevent:learning-person", args=[world.school_dsl.pk]), world.teacher)
    _refused(client, reverse("prevent:learning-person", args=[world.outsider_b.pk]), world.teacher)


def test_a_manager_sees_their_teams_coverage_and_records_but_not_other_agencies(world):
    _attend(
        world.teacher, "Exploitation awareness", date.today() - timedelta(days=10), world.partnership_admin
    )
    client = world.client_for(world.school_dsl)
    team = client.get(reverse("prevent:learning-team"))
    body = team.content.decode()
    assert team.status_code == 200
    assert world.teacher.display_name in body and world.social_worker_a.display_name not in body
    assert "50%" in body  # one of the school's two staff is in date for exploitation awareness
    person = client.get(reverse("prevent:learning-person", args=[world.teacher.pk]))
    assert person.status_code == 200
    assert AuditEvent.objects.filter(
        object_type="learning_record", action="view", object_id=str(world.teacher.pk)
    ).exists()
    _refused(client, reverse("prevent:learning-person", args=[world.social_worker_a.pk]), world.school_dsl)


def test_admin_adds_a_course_a_session_and_attendance_and_coverage_follows(world):
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("prevent:course-create"), {"name": "Contextual safeguarding", "refresher_months": 12}
    )
    assert response.status_code == 302
    course = Course.objects.get(name="Contextual safeguarding")
    duplicate = client.post(reverse("prevent:course-create"), {"name": "contextual safeguarding"})
    assert duplicate.status_code == 400 and b"already a course" in duplicate.content
    today = date.today()
    response = client.post(
        reverse("prevent:course-detail", args=[course.pk]),
        {"held_on_0": today.day, "held_on_1": today.month, "held_on_2": today.year, "trainer": "Sam"},
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get(course=course)
    empty = client.post(reverse("prevent:session-detail", args=[session.pk]), {})
    assert empty.status_code == 400
    response = client.post(
        reverse("prevent:session-detail", args=[session.pk]),
        {"people": [world.social_worker_a.pk, world.front_door_a.pk]},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 2
    assert Attendance.objects.get(session=session, user=world.social_worker_a).agency == world.csc_a
    coverage = client.get(reverse("prevent:learning-coverage")).content.decode()
    assert "North Children&#x27;s Services" in coverage
    # csc_a has three staff (social worker, front door, chair): two in date is 67%.
    assert "67%" in coverage
    assert world.client_for(world.police_analyst).get(reverse("prevent:learning-coverage")).status_code == 200


def test_every_signed_in_role_sees_only_their_own_record_and_anonymous_users_are_sent_to_sign_in(world):
    from django.test import Client

    response = Client().get(reverse("prevent:learning-mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for user in (world.auditor, world.police_analyst, world.outsider_b):
        page = world.client_for(user).get(reverse("prevent:learning-mine"))
        assert page.status_code == 200 and b"Your learning record" in page.content


def test_a_team_manager_sees_their_teams_records_and_coverage_and_nobody_elses(world):
    from lantern.accounts.roles import Role
    from lantern.core.testing import make_user

    manager = make_user(
        "mo_manager", agency=world.csc_a, role=Role.CASE_HOLDER, team=world.team_a, manages_team=True
    )
    _attend(
        world.social_worker_a,
        "Exploitation awareness",
        date.today() - timedelta(days=10),
        world.partnership_admin,
    )
    _attend(world.front_door_a, "Exploitation awareness", date.today(), world.partnership_admin)
    client = world.client_for(manager)

    mine = client.get(reverse("prevent:learning-mine")).content.decode()
    assert reverse("prevent:learning-team") in mine
    team = client.get(reverse("prevent:learning-team"))
    body = team.content.decode()
    assert team.status_code == 200
    assert world.social_worker_a.display_name in body and manager.display_name in body
    assert world.front_door_a.display_name not in body  # same agency, not in the team
    assert "50%" in body  # one of the team's two members is in date for exploitation awareness
    assert AuditEvent.objects.filter(
        object_type="learning_team", action="view", user_id_ref=manager.pk
    ).exists()
    record = client.get(reverse("prevent:learning-person", args=[world.social_worker_a.pk]))
    assert record.status_code == 200 and "In date" in record.content.decode()
    assert AuditEvent.objects.filter(
        object_type="learning_record", action="view", object_id=str(world.social_worker_a.pk)
    ).exists()
    _refused(client, reverse("prevent:learning-person", args=[world.front_door_a.pk]), manager)
    _refused(client, reverse("prevent:learning-person", args=[world.outsider_b.pk]), manager)


def test_a_team_member_who_does_not_manage_it_cannot_see_colleagues_or_the_team(world):
    from lantern.accounts.roles import Role
    from lantern.core.testing import make_user

    colleague = make_user("cara_colleague", agency=world.csc_a, role=Role.CASE_HOLDER, team=world.team_a)
    client = world.client_for(world.social_worker_a)
    _refused(client, reverse("prevent:learning-team"), world.social_worker_a)
    _refused(client, reverse("prevent:learning-person", args=[colleague.pk]), world.social_worker_a)
    outsider = world.client_for(world.outsider_b)
    _refused(outsider, reverse("prevent:learning-person", args=[world.social_worker_a.pk]), world.outsider_b)
    _refused(outsider, reverse("prevent:learning-team"), world.outsider_b)


def test_a_team_manager_without_a_team_manages_nobody(world):
    from lantern.prevent.selectors import is_learning_manager

    world.social_worker_a.manages_team = True
    assert is_learning_manager(world.social_worker_a)
    world.social_worker_a.team = None
    assert not is_learning_manager(world.social_worker_a)
