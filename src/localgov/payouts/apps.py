from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    name = "localgov.payouts"
    label = "payouts"
    verbose_name = "Chính sách, chế độ cho người nghỉ việc (Nghị định 178/67)"
    default_auto_field = "django.db.models.BigAutoField"
