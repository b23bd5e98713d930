from django.urls import path

from actionplan.web.imports import views

urlpatterns = [
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<slug:token>/", views.import_preview, name="import_preview"),
    path("imports/<slug:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<slug:token>/cancel/", views.import_discard, name="import_discard"),
]
