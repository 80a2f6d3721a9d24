"""The site's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from cicte.urls import urlpatterns as site_urlpatterns

SECRET_IN_ERROR = "password=s3cr3t-in-the-exception"


def fail(request):
    raise RuntimeError(SECRET_IN_ERROR)


urlpatterns = [path("fail/", fail), *site_urlpatterns]
