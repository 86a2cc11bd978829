from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "localgov.portal"
    label = "portal"
