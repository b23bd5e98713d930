from django.urls import path

from actionplan.web.actions import edit, views

_ACTION = "plans/<int:plan_id>/actions/<int:action_id>/"

urlpatterns = [
    path(_ACTION, views.action_page, name="action"),
    path(_ACTION + "due-date/", views.revise_due, name="revise_due"),
    path(_ACTION + "sign-off/", views.sign_off, name="sign_off"),
    path(_ACTION + "notes/<int:note_id>/correct/", views.correct_note, name="correct_note"),
    path(_ACTION + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    # Editing the plan's actions (plan managers).
    path("plans/<int:plan_id>/recommendations/<int:rec_id>/actions/new/", edit.action_add, name="action_add"),
    path(_ACTION + "edit/", edit.action_edit, name="action_edit"),
    path(_ACTION + "split/", edit.action_split, name="action_split"),
    path(_ACTION + "move/", edit.action_move, name="action_move"),
    path(_ACTION + "archive/", edit.action_archive, name="action_archive"),
    path(_ACTION + "restore/", edit.action_restore, name="action_restore"),
]
