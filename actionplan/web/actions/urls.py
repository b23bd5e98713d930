from django.urls import path

from actionplan.web.actions import views

_ACTION = "plans/<int:plan_id>/actions/<int:action_id>/"

urlpatterns = [
    path(_ACTION, views.action_page, name="action"),
    path(_ACTION + "due-date/", views.revise_due, name="revise_due"),
    path(_ACTION + "sign-off/", views.sign_off, name="sign_off"),
    path(_ACTION + "notes/<int:note_id>/correct/", views.correct_note, name="correct_note"),
    path(_ACTION + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
]
