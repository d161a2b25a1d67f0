from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wijkgericht.api"
    verbose_name = "API"
