from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "localgov.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        # app registry: imported in ready(), once every app's models are loaded
        from localgov.units.loaders import register

        register(
            "units",
            "localgov.units.loading:load_units",
            help="Đơn vị hành chính, đơn vị cũ, bảng chuyển đổi, trung tâm phục vụ, cơ quan",
        )
