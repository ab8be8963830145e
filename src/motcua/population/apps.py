from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "motcua.population"
    verbose_name = _("CSDL quốc gia về dân cư")

    def ready(self) -> None:
        from django.core import checks

        from motcua.population.adapters import check_registry

        checks.register(check_registry)
