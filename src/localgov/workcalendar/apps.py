from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "localgov.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from localgov.workcalendar import signals  # noqa: F401  (connects cache invalidation)
