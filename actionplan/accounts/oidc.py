"""OpenID Connect sign-in (loaded only when single sign-on is configured, see sso.py)."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class EmailMatchingBackend(OIDCAuthenticationBackend):
    """Signs in the one active account whose email matches the identity provider's; new accounts
    only with ACTIONPLAN_OIDC_CREATE_USERS=1, and then with no role until an administrator gives one."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        if not email or "@" not in email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims):
        # Entra ID often sends the address as preferred_username (UPN) rather than email.
        return bool(claims.get("email") or claims.get("preferred_username"))

    def create_user(self, claims):
        email = claims.get("email") or claims.get("preferred_username")
        user = self.UserModel.objects.create_user(self.get_username({**claims, "email": email}), email=email)
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        return user
