from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Development only: `manage.py seed_synthetic`, made-up data at scale for `make bench` and
    load tests. It has no models, URLs or pages; it sits above every app and may import them
    all (README "Layers")."""

    name = "synthetic"
