from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "localgov.catalog"
    label = "catalog"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self) -> None:
        # app registry: imported in ready(), once every app's models are loaded
        from localgov.units.loaders import register

        # `localgov load catalog` (or `all`); the catalogue needs no other reference data.
        register(
            "catalog",
            "localgov.catalog.services:load_for_registry",
            help="Danh mục thủ tục hành chính và nhóm liên thông (catalog/data/*.json)",
        )
