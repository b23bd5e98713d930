from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "actionplan.imports"
    label = "imports"
    verbose_name = "Document imports awaiting review"
