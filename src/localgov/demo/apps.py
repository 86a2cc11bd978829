from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`localgov demo`: the demo accounts and the command that builds the demo. Above every
    other app (it imports them; none imports it — docs/architecture.md, "Layers")."""

    name = "localgov.demo"
    label = "demo"
