from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "localgov.access"
    label = "access"
    verbose_name = "Phân quyền"
