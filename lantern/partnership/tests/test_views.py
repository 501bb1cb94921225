from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.core.testing import make_user
from lantern.partnership.models import Agency, AgencyType, Area, Partnership, Team
from lantern.partnership.services import edit_version

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db


def _area_data(**overrides: object) -> dict[str, object]:
    return {
        "code": "east",
        "name": "East",
        "front_door_name": "East Children's Front Door",
        "front_door_phone": "0300 000 1111",
        "front_door_email": "frontdoor@east.example.org",
        "emergency_guidance": "Call 999 if a child is in immediate danger.",
        **overrides,
    }


def test_overview_shows_name_scale_counts_and_links(world: TestWorld) -> None:
    response = world.client_for(world.partnership_admin).get(reverse("partnership:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test Safeguarding Children Partnership" in html
    assert "low, medium, high" in html
    assert 'data-testid="count-areas">2<' in html
    assert 'data-testid="count-agencies">6<' in html
    assert 'data-testid="count-teams">1<' in html
    assert 'data-testid="count-users">12<' in html
    for name in (
        "partnership:area-list",
        "partnership:agency-list",
        "partnership:team-list",
        "accounts:user-list",
    ):
        assert reverse(name) in html


def test_overview_offers_to_create_the_partnership_when_there_is_none(world: TestWorld) -> None:
    Partnership.objects.all().delete()
    client = world.client_for(world.partnership_admin)
    html = client.get(reverse("partnership:overview")).content.decode()
    assert reverse("partnership:partnership-create") in html
    assert client.get(reverse("partnership:partnership-update")).status_code == 302
    response = client.post(
        reverse("partnership:partnership-create"), {"name": "Shire Partnership", "risk_scale": "categories"}
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert partnership.levels == ["category_1", "category_2", "category_3"]
    assert AuditEvent.objects.filter(action="create", object_type="partnership").exists()
    # Once it exists, the create page leads to the edit page instead.
    assert client.get(reverse("partnership:partnership-create"))["Location"] == reverse(
        "partnership:partnership-update"
    )


def test_partnership_update_changes_name_and_scale(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    form = client.get(reverse("partnership:partnership-update")).content.decode()
    version = edit_version(world.partnership)
    assert f'name="version" value="{version}"' in form
    response = client.post(
        reverse("partnership:partnership-update"),
        {"name": "Renamed Partnership", "risk_scale": "categories", "version": version},
    )
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Renamed Partnership"
    assert world.partnership.levels == ["category_1", "category_2", "category_3"]
    event = AuditEvent.objects.get(action="update", object_type="partnership")
    assert event.detail["changed"]["name"]["to"] == "Renamed Partnership"


def test_partnership_form_errors_redisplay(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("partnership:partnership-update"),
        {"name": "", "risk_scale": "nonsense", "version": edit_version(world.partnership)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Select a valid choice" in html


def test_area_list_create_and_update(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    html = client.get(reverse("partnership:area-list")).content.decode()
    assert "North" in html and "South" in html
    blank = client.get(reverse("partnership:area-create")).content.decode()
    assert "immediate danger" in blank  # default emergency guidance is offered
    response = client.post(reverse("partnership:area-create"), _area_data())
    assert response.status_code == 302
    area = Area.objects.get(code="east")
    assert area.front_door_email == "frontdoor@east.example.org"
    assert AuditEvent.objects.filter(action="create", object_type="area", object_id=str(area.pk)).exists()

    url = reverse("partnership:area-update", args=[area.pk])
    assert 'value="East"' in client.get(url).content.decode()
    response = client.post(url, _area_data(name="East Borough", version=edit_version(area)))
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "East Borough"
    assert AuditEvent.objects.filter(action="update", object_type="area").exists()


def test_area_errors_redisplay_with_typed_values(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("partnership:area-create"), _area_data(code="north", front_door_email="not-an-email")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "valid email" in html
    assert 'value="0300 000 1111"' in html
    assert Area.objects.filter(name="East").count() == 0
    response = client.post(reverse("partnership:area-create"), _area_data(code="north"))
    assert "That code is already used" in response.content.decode()


def test_area_concurrent_edit_is_refused(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    area = world.area_a
    url = reverse("partnership:area-update", args=[area.pk])
    old = edit_version(area)
    fields = _area_data(code="north", name="North Borough", version=old)
    assert client.post(url, fields).status_code == 302
    response = client.post(url, {**fields, "name": "North District"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert 'value="North District"' in html
    area.refresh_from_db()
    assert area.name == "North Borough"
    assert f'name="version" value="{edit_version(area)}"' in html


@pytest.mark.parametrize("agency_type", AgencyType.values)
def test_agency_create_with_every_type(world: TestWorld, agency_type: str) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("partnership:agency-create"),
        {
            "code": f"new-{agency_type}".replace("_", "-"),
            "name": "New agency",
            "agency_type": agency_type,
            "area": "",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="New agency")
    assert agency.agency_type == agency_type and agency.area is None


def test_agency_list_and_update(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    html = client.get(reverse("partnership:agency-list")).content.decode()
    assert "Test Constabulary" in html and "Whole partnership" in html
    agency = world.school_a
    url = reverse("partnership:agency-update", args=[agency.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": agency.code,
            "name": "North Academy",
            "agency_type": AgencyType.EDUCATION,
            "area": world.area_b.pk,
            "version": edit_version(agency),
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "North Academy" and agency.area == world.area_b
    event = AuditEvent.objects.get(action="update", object_type="agency")
    assert event.detail["changed"]["area"] == {"from": "North", "to": "South"}


def test_agency_errors_redisplay(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("partnership:agency-create"),
        {"code": "bad code!", "name": "Typed name", "agency_type": "", "area": ""},
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'value="Typed name"' in html


def test_team_list_create_and_rename(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    assert "Exploitation team" in client.get(reverse("partnership:team-list")).content.decode()
    response = client.post(
        reverse("partnership:team-create"), {"agency": world.csc_a.pk, "name": "Missing team"}
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Missing team")
    assert AuditEvent.objects.filter(action="create", object_type="team", object_id=str(team.pk)).exists()
    response = client.post(
        reverse("partnership:team-create"), {"agency": world.csc_a.pk, "name": "missing TEAM"}
    )
    assert "already has a team with this name" in response.content.decode()
    url = reverse("partnership:team-update", args=[team.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Missing from home team", "version": edit_version(team)})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Missing from home team" and team.agency == world.csc_a


def test_unknown_ids_are_not_found(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    for name in ("partnership:area-update", "partnership:agency-update", "partnership:team-update"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def _team_manager(world: TestWorld, username: str, **fields: object) -> User:
    return make_user(
        username, agency=world.csc_a, role=Role.CASE_HOLDER, team=world.team_a, manages_team=True, **fields
    )


def test_team_list_names_each_teams_managers_with_links(world: TestWorld) -> None:
    manager = _team_manager(world, "mo_manager", first_name="Mo", last_name="Manager")
    _team_manager(world, "old_manager", first_name="Olive", last_name="Gone", is_active=False)
    Team.objects.create(agency=world.csc_b, name="Unmanaged team")
    html = world.client_for(world.partnership_admin).get(reverse("partnership:team-list")).content.decode()
    assert (
        f'<a class="govuk-link" href="{reverse("accounts:user-detail", args=[manager.pk])}">Mo Manager</a>'
        in html
    )
    assert "Olive Gone" not in html  # a disabled account manages nothing
    assert "No manager" in html
    assert reverse("partnership:team-detail", args=[world.team_a.pk]) in html


def test_team_page_shows_managers_and_every_member(world: TestWorld) -> None:
    manager = _team_manager(
        world, "mo_manager", first_name="Mo", last_name="Manager", job_title="Team manager"
    )
    leaver = make_user(
        "lee_leaver", agency=world.csc_a, team=world.team_a, first_name="Lee", last_name="Leaver"
    )
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    make_user("not_in_team", agency=world.csc_a, first_name="Nora", last_name="Elsewhere")
    client = world.client_for(world.partnership_admin)
    response = client.get(reverse("partnership:team-detail", args=[world.team_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    managers = html.split('data-testid="team-managers"')[1].split("</dd>")[0]
    assert "Mo Manager" in managers and world.social_worker_a.display_name not in managers
    members = html.split('data-testid="team-members"')[1]
    for account in (manager, world.social_worker_a, leaver):
        assert f'href="{reverse("accounts:user-detail", args=[account.pk])}"' in members
    assert members.index("Mo Manager") < members.index(world.social_worker_a.display_name)
    assert "Disabled" in members and "Nora Elsewhere" not in html
    assert reverse("partnership:team-update", args=[world.team_a.pk]) in html
    assert client.get(reverse("partnership:team-detail", args=[999999])).status_code == 404


def test_team_page_without_members_or_managers(world: TestWorld) -> None:
    team = Team.objects.create(agency=world.csc_b, name="New team")
    html = (
        world.client_for(world.partnership_admin)
        .get(reverse("partnership:team-detail", args=[team.pk]))
        .content.decode()
    )
    assert "No manager." in html and "No one is in this team yet." in html
