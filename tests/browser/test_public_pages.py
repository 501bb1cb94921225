import pytest

from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_accessibility_statement_and_sign_in_pages_are_accessible(live_server, page):
    page.goto(f"{live_server.url}/accessibility/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement for Lantern"
    assert_accessible(page)
    page.goto(f"{live_server.url}/account/login/")
    assert_accessible(page)
