from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "actionplan.notifications"
    label = "notifications"
    verbose_name = "Update requests and reminders"
