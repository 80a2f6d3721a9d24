from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
]
