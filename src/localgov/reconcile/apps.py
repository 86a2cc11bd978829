from django.apps import AppConfig


class ReconcileConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "localgov.reconcile"
    verbose_name = "Đối soát với Cổng Dịch vụ công quốc gia"
