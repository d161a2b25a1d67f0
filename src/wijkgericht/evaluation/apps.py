from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "wijkgericht.evaluation"
    verbose_name = _("Evaluatie wijkgericht werken")

    def ready(self) -> None:
        from wijkgericht.evaluation import rollup

        rollup.connect()  # the daily rollup follows participation's writes
