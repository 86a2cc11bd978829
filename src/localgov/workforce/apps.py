from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "localgov.workforce"
    label = "workforce"
    verbose_name = "Nhân sự cấp xã"
    default_auto_field = "django.db.models.BigAutoField"
