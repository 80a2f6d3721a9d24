"""The site's own pages under the language prefix: the home page and the site search."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
]
