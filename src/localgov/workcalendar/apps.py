from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "localgov.workcalendar"
    label = "workcalendar"
