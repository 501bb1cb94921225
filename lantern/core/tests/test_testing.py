"""The shared test helpers behave as a person at the sign-in page would."""

import pytest
from django.test import Client

from lantern.core.testing import TEST_PASSWORD, totp_code


@pytest.mark.django_db
def test_a_user_can_sign_in_twice_within_one_authenticator_step(world):
    # Browser journeys sign the same person in again within seconds; each code is single-use.
    for _ in range(2):
        client = Client()
        response = client.post(
            "/account/login/",
            {
                "username": world.teacher.username,
                "password": TEST_PASSWORD,
                "token": totp_code(world.teacher),
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
