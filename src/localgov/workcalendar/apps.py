from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "localgov.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        # app registry: imported in ready(), once every app's models are loaded
        from localgov.units.loaders import register
        from localgov.workcalendar import signals  # noqa: F401  (connects cache invalidation)

        register("calendar", "localgov.workcalendar.services:load_for_registry",
                 help="Ngày nghỉ, ngày làm bù chính thức (workcalendar/data/overrides.csv)")
