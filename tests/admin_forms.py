"""Fill in admin change forms in tests as a browser would."""

import re

from django.test import Client
from django.urls import reverse

from cicte.admin.locking import LOADED_VERSION
from tests.html import parse


def signed_in(user) -> Client:
    """A client with its own session, as a second member of staff in another browser."""
    client = Client()
    client.force_login(user)
    return client


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def browser_post(response, **typed) -> dict:
    """What a browser sends for the change form in `response`, with `typed` typed in: every
    field and inline row as shown, the hidden version, and the Save button."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    version = re.search(rf'name="{LOADED_VERSION}" value="([^"]+)"', response.content.decode())
    if version:
        data[LOADED_VERSION] = version[1]
    return {**data, "_save": "Save", **typed}


def changelist_rows(response) -> list[str]:
    """The rows of an admin list as a reader sees them, one text per row."""
    return [tr.text for tr in parse(response).one("table", id="result_list").select("tr")][1:]
