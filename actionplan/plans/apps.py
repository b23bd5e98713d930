from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "actionplan.plans"
    label = "plans"
    verbose_name = "Action plans"
