from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "localgov.feedback"
    verbose_name = "Phản ánh, kiến nghị"
