"""Who may use each URL: the registry tests/test_permissions.py walks.

Every named URL the application has must have an entry in RULES, and every parameter in its
pattern a way to fill it in URL_ARGS; a new view without them fails the suite. Add yours here.

Kinds (what the test checks for each):
- PUBLIC: anyone, signed in or not (sign-in, health check, set-password links, single sign-on).
- SIGNED_IN: any signed-in user; anonymous -> sign-in page. The view shows only what the user's
  roles let them see.
- PLAN_READ: anyone with a role on the plan; anonymous -> sign-in; no role -> 404; a viewer
  may GET; a viewer's POST -> 403 or 405.
- ACTION_UPDATE: as PLAN_READ, and writes (POST) only by a lead of this action or a manager:
  viewer POST -> 403, the lead of another action POST -> 403, this action's lead is let through.
- PLAN_MANAGE: as PLAN_READ, and writes only by the plan's managers and administrators: viewer and
  lead POST -> 403, manager let through.
- PLAN_ADMIN: writes only by the plan's administrators: manager POST -> 403.
- SITE_ADMIN: administrators of every plan (users and roles): anonymous -> sign-in; any other
  signed-in user -> 403.
- IMPORTER: managers and administrators (of any plan) only: anonymous -> sign-in; viewer and lead
  -> 403; a manager is let through.
- OWN_IMPORT: someone's staged import: anonymous -> sign-in; viewer -> 403; another importer -> 404.
"""

PUBLIC = "public"
SIGNED_IN = "signed_in"
PLAN_READ = "plan_read"
ACTION_UPDATE = "action_update"
PLAN_MANAGE = "plan_manage"
PLAN_ADMIN = "plan_admin"
SITE_ADMIN = "site_admin"
IMPORTER = "importer"
OWN_IMPORT = "own_import"

RULES = {
    # accounts and sign-in
    "login": PUBLIC,
    "logout": PUBLIC,
    "healthz": PUBLIC,
    "update_link_overview": PUBLIC,  # emailed links: the signed token is the credential
    "update_link": PUBLIC,
    "reminders_unsubscribe": PUBLIC,
    "set_password": PUBLIC,  # the token in the link is the credential
    "oidc_authentication_init": PUBLIC,
    "oidc_authentication_callback": PUBLIC,
    "oidc_logout": PUBLIC,
    # lists across plans
    "home": SIGNED_IN,
    "my_actions": SIGNED_IN,
    "people": SIGNED_IN,
    "person": SIGNED_IN,
    "archived_plans": SIGNED_IN,  # lists only the archived plans the user manages
    # reading a plan
    "plan": PLAN_READ,
    "recommendation": PLAN_READ,
    "plan_history": PLAN_READ,
    "plan_export": PLAN_READ,
    "plan_report": PLAN_READ,
    "plan_dashboard": PLAN_READ,
    "plan_changes": PLAN_READ,
    "evidence_file": PLAN_READ,
    # a lead's own actions
    "action": ACTION_UPDATE,
    "revise_due": ACTION_UPDATE,
    "correct_note": ACTION_UPDATE,
    # running the plan
    "sign_off": PLAN_MANAGE,
    "plan_edit": PLAN_MANAGE,
    "plan_settings": PLAN_MANAGE,
    "plan_cycles": PLAN_MANAGE,
    "cycle_remove": PLAN_MANAGE,
    "recommendation_add": PLAN_MANAGE,
    "recommendation_edit": PLAN_MANAGE,
    "recommendation_move": PLAN_MANAGE,
    "recommendation_archive": PLAN_MANAGE,
    "recommendation_restore": PLAN_MANAGE,
    "action_add": PLAN_MANAGE,
    "action_edit": PLAN_MANAGE,
    "action_split": PLAN_MANAGE,
    "action_move": PLAN_MANAGE,
    "action_archive": PLAN_MANAGE,
    "action_restore": PLAN_MANAGE,
    "plan_archive": PLAN_MANAGE,
    "plan_restore": PLAN_MANAGE,
    "plan_delete": PLAN_ADMIN,
    "plan_requests": PLAN_MANAGE,
    "plan_requests_send": PLAN_MANAGE,
    "plan_notification_settings": PLAN_MANAGE,
    "person_email": PLAN_MANAGE,  # managers of a plan the person leads on
    # importing documents
    "import_new": IMPORTER,
    "import_preview": OWN_IMPORT,
    "import_confirm": OWN_IMPORT,
    "import_discard": OWN_IMPORT,
    # administrators
    "admin_users": SITE_ADMIN,
    "admin_invite": SITE_ADMIN,
    "admin_user": SITE_ADMIN,
    "admin_user_add_role": SITE_ADMIN,
    "admin_user_remove_role": SITE_ADMIN,
    "admin_user_person": SITE_ADMIN,
    "admin_user_password_link": SITE_ADMIN,
    "admin_user_active": SITE_ADMIN,
    "admin_log": SITE_ADMIN,
}


def staged_import(world) -> str:
    """The token of an import staged by the site administrator (so everyone else's is 404)."""
    from actionplan.imports.models import ImportSession

    return ImportSession.objects.create(token="t" * 32, user=world.site_admin, filename="plan.docx").token


# How to fill each URL parameter from the test world (see World in tests/test_permissions.py):
# the plan, a recommendation and an action (led by `lead`, not by `other_lead`) in it, and so on.
# "url_name:parameter" fills a parameter for that URL only, where names clash.
URL_ARGS = {
    "plan_id": lambda w: w.plan.id,
    "rec_id": lambda w: w.action.recommendation_id,
    "action_id": lambda w: w.action.id,
    "note_id": lambda w: w.note.id,
    "evidence_id": lambda w: w.evidence.id,
    "cycle_id": lambda w: w.cycle.id,
    "person_id": lambda w: w.lead.person.id,
    "user_id": lambda w: w.subject.id,
    "membership_id": lambda w: w.membership.id,
    "uidb64": lambda w: w.password_link[0],
    "token": lambda w: w.password_link[1],
    "import_preview:token": staged_import,
    "import_confirm:token": staged_import,
    "import_discard:token": staged_import,
}
