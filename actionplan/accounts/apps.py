from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "actionplan.accounts"
    label = "accounts"
    verbose_name = "Users, roles and the administrators' log"
