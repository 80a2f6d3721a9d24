import json
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.cicte.error_urls import SECRET_IN_ERROR
from tests.cicte.test_settings import PRODUCTION, manage
from tests.factories.users import EditorFactory

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


def assert_security_headers(response):
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (lambda: "/healthz", 200),
        (lambda: reverse("home"), 200),
        (lambda: reverse("events:list"), 200),
        (lambda: reverse("events:detail", args=["no-such-event"]), 404),
        (lambda: "/no-such-page/", 404),
        (lambda: "/admin/login/", 200),
        (lambda: "/admin/", 302),
    ],
    ids=["health", "home", "events", "no-event", "no-page", "sign-in", "admin-signed-out"],
)
def test_security_headers_on_every_response(client, path, status):
    response = client.get(path())

    assert response.status_code == status
    assert_security_headers(response)


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/events/event/", "/admin/events/event/add/", "/admin/no-such-app/"]
)
def test_security_headers_on_admin_pages(client, path):
    client.force_login(EditorFactory())

    response = client.get(path)

    assert response.status_code == (404 if "no-such" in path else 200)
    assert_security_headers(response)


def test_not_found_page_is_the_site_page_with_headers(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_security_headers(response)
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.fixture
def failing_client(client, settings):
    settings.ROOT_URLCONF = "tests.cicte.error_urls"
    client.raise_request_exception = False
    return client


def test_server_error_page_has_headers_and_hides_the_error(failing_client):
    response = failing_client.get("/fail/")

    assert response.status_code == 500
    assert_security_headers(response)
    content = response.content.decode()
    assert "<h1>Something went wrong</h1>" in content
    for leak in [SECRET_IN_ERROR, "Traceback", "RuntimeError", "SECRET_KEY", "DATABASES"]:
        assert leak not in content
    assert django_settings.SECRET_KEY not in content


def test_server_error_is_logged_with_its_path_and_traceback(failing_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        failing_client.get("/fail/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert (record.levelname, record.getMessage()) == ("ERROR", "Internal Server Error: /fail/")
    assert record.exc_info[0] is RuntimeError
    assert str(record.exc_info[1]) == SECRET_IN_ERROR


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


def test_production_settings_harden_cookies_hsts_and_trust_the_proxy_header():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_SAMESITE]))"
    )

    result = manage(
        "shell", "-c", script, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", **PRODUCTION
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        31536000,
        True,
        True,
        True,
        "Lax",
        True,
        True,
        "Lax",
    ]


@pytest.fixture
def behind_a_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000


def test_plain_http_is_redirected_to_https(client, behind_a_proxy):
    response = client.get("/admin/login/")

    assert (response.status_code, response["Location"]) == (
        301,
        "https://testserver/admin/login/",
    )


def test_https_from_the_proxy_is_served_with_hsts(client, behind_a_proxy):
    response = client.get("/admin/login/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_health_check_is_not_redirected_to_https(client, behind_a_proxy):
    assert client.get("/healthz").status_code == 200


# -- Every answer Django makes carries the headers, the ones no view makes too -----------------


def assert_every_security_header(response):
    assert_security_headers(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/events/?kind=webinar", 302),  # to the visitor's language (LocaleMiddleware)
        ("/en/events", 301),  # the slash (CommonMiddleware)
        ("/healthz?q=%0A", 400),  # a control character (cicte.middleware)
    ],
)
def test_security_headers_on_redirects_and_refusals(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert_every_security_header(response)


def test_security_headers_on_the_https_redirect(client, behind_a_proxy):
    response = client.get("/en/events/")

    assert response.status_code == 301
    assert_every_security_header(response)


def test_security_headers_on_a_304_and_a_cached_page(client, page_cache):
    first = client.get(reverse("events:list"))
    cached = client.get(reverse("events:list"))
    not_modified = client.get(reverse("events:list"), headers={"if-none-match": first["ETag"]})

    assert (cached.status_code, not_modified.status_code) == (200, 304)
    assert not cached.templates  # from the cache
    assert_every_security_header(cached)
    assert_every_security_header(not_modified)


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, settings):
    limit = settings.REQUEST_BODY_MAX_BYTES

    response = client.post("/admin/login/", {"username": "editor"}, CONTENT_LENGTH=str(limit + 1))
    within = client.post("/admin/login/", {"username": "editor"})

    assert limit == 10 * 2**20
    assert response.status_code == 413
    assert response.content.decode() == "The request is too large (at most 10 MB)."
    assert_every_security_header(response)
    assert within.status_code == 200  # read: the form again, its password missing


def test_sign_in_lockout_behind_the_proxy_counts_the_visitors_address(client, staff_user, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _attempt in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )

    locked = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.7",
    )
    other = client.post(  # another visitor, through the same proxy
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.9",
    )

    assert locked.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    assert other.status_code == 302
