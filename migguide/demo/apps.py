from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration: Senegal's dossier, people, consultation, workshop and a
    published edition, set up by `migguide demo`. The top layer: it uses every app,
    and no app uses it."""

    name = "migguide.demo"
