from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "localgov.followup"
    label = "followup"
    verbose_name = "Theo dõi chỉ đạo, hướng dẫn, kiến nghị"
    default_auto_field = "django.db.models.BigAutoField"
