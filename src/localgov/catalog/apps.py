from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "localgov.catalog"
    label = "catalog"
