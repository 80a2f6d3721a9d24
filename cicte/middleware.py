"""What every request must hold before a view reads it (README "Security and operations").

- A body of at most REQUEST_BODY_MAX_BYTES, as its Content-Length says: a larger one is refused
  with 413 before anything reads it. Django reads no body without a Content-Length, and
  DATA_UPLOAD_MAX_MEMORY_SIZE caps what it parses, but not the files of a multipart body,
  which it would write to disk first (the CSRF check reads the form of any POST). Behind the
  proxy (deploy/nginx) a large body never reaches the app; this holds when it is reached
  directly.
- Outside the admin, no control character (a line break, a tab, a NUL…) in a query
  parameter's name or value: it is refused with 400 naming the parameter. No filter, page
  number or year contains one, and a value written into a calendar, a CSV file or a header
  must not carry one there.

And who the visitor is behind the proxy: `client_ip`, the address sign-in lockout counts.
"""

import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

# Unicode's control characters (category Cc): C0, DEL and C1.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(name: str) -> str:
    """A parameter's name for a message: its control characters written as \\xNN."""
    return CONTROL_CHARACTER.sub(lambda match: f"\\x{ord(match.group()):02x}", name)


def parameter_with_control_character(query) -> str | None:
    """The name of the first parameter of `query` (a QueryDict) whose name or value holds a
    control character, or None."""
    for name, values in query.lists():
        if any(CONTROL_CHARACTER.search(text) for text in (name, *values)):
            return name
    return None


def client_ip(request) -> str | None:
    """The visitor's address: from CLIENT_IP_HEADER behind the proxy, else REMOTE_ADDR (the
    address django-axes locks sign-ins out by, and logs)."""
    if settings.CLIENT_IP_HEADER:
        return request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR")
    return request.META.get("REMOTE_ADDR")


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(
                _("The request is too large (at most %(megabytes)s MB).")
                % {"megabytes": settings.REQUEST_BODY_MAX_BYTES // 2**20},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        if not request.path_info.startswith("/admin/"):
            name = parameter_with_control_character(request.GET)
            if name is not None:
                return HttpResponseBadRequest(
                    _(
                        "The parameter “%(name)s” contains a control character (a line break, "
                        "a tab…). Remove it and try again."
                    )
                    % {"name": shown(name)},
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
