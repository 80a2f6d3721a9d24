"""Drafts at their public addresses, for staff only.

Signed-in staff (cicte.roles.sees_drafts) read draft years and draft records where the public
will read them once published: the report, its annexes and documents, an event's or a
publication's page, each under a "Draft — not public" banner (includes/draft_banner.html).
Which records a user may read is one queryset method per model, `visible_to(user)`; anyone
else gets the 404 a missing page gets.

Never kept for anyone: the page cache stores anonymous answers only (cicte.page_cache), a
draft's documents are built for each request and not stored (reports.documents), and every
answer to staff says `Cache-Control: private, no-store` (this middleware), so that no browser
or proxy keeps a page that shows what is not public.
"""

from django.utils.cache import patch_cache_control

from cicte.roles import sees_drafts


class StaffAnswersPrivateMiddleware:
    """After AuthenticationMiddleware: what staff read may show drafts, so it is theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if sees_drafts(request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response
