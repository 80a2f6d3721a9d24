import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-2020"


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/", "/no-such-page/"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)

    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_sign_in_locked_after_five_failures_even_with_right_password(client, staff_user):
    for _ in range(5):
        sign_in(client, "wrong", "203.0.113.7")

    response = sign_in(client, PASSWORD, "203.0.113.7")

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert (
        AccessAttempt.objects.get(username="editor", ip_address="203.0.113.7").failures_since_start
        == 6
    )


def test_sign_in_after_four_failures_still_works(client, staff_user):
    for _ in range(4):
        sign_in(client, "wrong", "203.0.113.7")

    response = sign_in(client, PASSWORD, "203.0.113.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_sign_in_lockout_does_not_block_another_address(client, staff_user):
    for _ in range(5):
        sign_in(client, "wrong", "203.0.113.7")

    response = sign_in(client, PASSWORD, "198.51.100.20")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_sign_in_failures_are_logged(client, staff_user, caplog):
    sign_in(client, "wrong", "203.0.113.7")

    assert any(
        record.name.startswith("axes") and "editor" in record.getMessage()
        for record in caplog.records
    )
