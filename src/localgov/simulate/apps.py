from django.apps import AppConfig


class SimulateConfig(AppConfig):
    name = "localgov.simulate"
    label = "simulate"
