from django.apps import AppConfig


class CentresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "localgov.centres"
    verbose_name = "Sổ theo dõi trung tâm phục vụ hành chính công"
