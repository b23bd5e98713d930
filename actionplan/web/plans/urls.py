from django.urls import path

from actionplan.web.plans import edit, lists, views

_PLAN = "plans/<int:plan_id>/"
_REC = _PLAN + "recommendations/<int:rec_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-actions/", lists.my_actions, name="my_actions"),
    path("people/", lists.people, name="people"),
    path("people/<int:person_id>/", lists.person_page, name="person"),
    path(_PLAN, views.plan_overview, name="plan"),
    path(_REC, views.recommendation_page, name="recommendation"),
    # Editing the plan's structure, settings and cycles (plan managers).
    path(_PLAN + "edit/", edit.plan_edit, name="plan_edit"),
    path(_PLAN + "settings/", edit.plan_settings, name="plan_settings"),
    path(_PLAN + "cycles/", edit.plan_cycles, name="plan_cycles"),
    path(_PLAN + "cycles/<int:cycle_id>/remove/", edit.cycle_remove, name="cycle_remove"),
    path(_PLAN + "recommendations/new/", edit.recommendation_add, name="recommendation_add"),
    path(_REC + "edit/", edit.recommendation_edit, name="recommendation_edit"),
    path(_REC + "move/", edit.recommendation_move, name="recommendation_move"),
    path(_REC + "archive/", edit.recommendation_archive, name="recommendation_archive"),
    path(_REC + "restore/", edit.recommendation_restore, name="recommendation_restore"),
]
