from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


def demo_modules():
    """Each ssehub app may ship a `demo` module with DEMO_PRIORITY and load(stdout=...)."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ssehub."):
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
    return sorted(modules, key=lambda module: module.DEMO_PRIORITY)


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme; running it again changes nothing that exists."

    def handle(self, *args, **options):
        for module in demo_modules():
            module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo programme ready."))
