from tests.access import EVERYONE, Rule

ADMINS = {"chairman", "admin"}


def partner(world):
    return {"partner_id": world.partners[0].id}


RULES = {
    ("GET", "index"): Rule("/", EVERYONE, org_scoped=False),
    ("GET", "auth.login"): Rule("/login", EVERYONE, public=True, org_scoped=False),
    ("POST", "auth.login"): Rule("/login", EVERYONE, public=True, org_scoped=False),
    ("POST", "auth.logout"): Rule("/logout", EVERYONE, org_scoped=False),
    ("POST", "auth.set_locale"): Rule("/locale/en", EVERYONE, public=True, org_scoped=False),
    ("GET", "auth.profile"): Rule("/profile", EVERYONE, org_scoped=False),
    ("POST", "auth.profile"): Rule("/profile", EVERYONE, org_scoped=False),
    ("POST", "auth.create_token"): Rule("/profile/tokens", EVERYONE, org_scoped=False),
    ("POST", "auth.change_password"): Rule("/profile/password", EVERYONE, org_scoped=False),
    ("POST", "auth.revoke_token"): Rule(
        "/profile/tokens/999999/revoke", EVERYONE, org_scoped=False, ok_statuses=(404,)
    ),
    ("GET", "orgs.choose"): Rule("/orgs", EVERYONE, org_scoped=False),
    # Only a superadmin (no organisation role) creates organisations.
    ("GET", "orgs.create"): Rule("/orgs/new", set(), org_scoped=False),
    ("POST", "orgs.create"): Rule("/orgs/new", set(), org_scoped=False),
    ("GET", "orgs.dashboard"): Rule("/o/{slug}/", EVERYONE),
    ("GET", "orgs.detail"): Rule("/o/{slug}/about", EVERYONE),
    ("GET", "orgs.edit"): Rule("/o/{slug}/edit", ADMINS),
    ("POST", "orgs.edit"): Rule("/o/{slug}/edit", ADMINS),
    ("GET", "orgs.members"): Rule("/o/{slug}/users", {"admin"}),
    ("POST", "orgs.members"): Rule("/o/{slug}/users", {"admin"}),
    # rep12 represents a partner: the removal is refused, so every role meets the same state.
    ("POST", "orgs.remove_member"): Rule(
        "/o/{slug}/users/{user_id}/remove",
        {"admin"},
        params=lambda w: {"user_id": w.users["rep12"].id},
    ),
    ("GET", "audit.index"): Rule("/o/{slug}/audit", ADMINS),
    ("GET", "partners.index"): Rule("/o/{slug}/partners/", EVERYONE),
    ("GET", "partners.detail"): Rule("/o/{slug}/partners/{partner_id}", EVERYONE, params=partner),
    ("GET", "partners.create"): Rule("/o/{slug}/partners/new", ADMINS),
    ("POST", "partners.create"): Rule("/o/{slug}/partners/new", ADMINS),
    ("GET", "partners.edit"): Rule("/o/{slug}/partners/{partner_id}/edit", ADMINS, params=partner),
    ("POST", "partners.edit"): Rule("/o/{slug}/partners/{partner_id}/edit", ADMINS, params=partner),
    ("POST", "partners.withdraw"): Rule(
        "/o/{slug}/partners/{partner_id}/withdraw", ADMINS, params=partner
    ),
    ("GET", "counterparties.index"): Rule("/o/{slug}/counterparties/", EVERYONE),
    ("GET", "counterparties.create"): Rule(
        "/o/{slug}/counterparties/new", {"chairman", "member", "accountant", "admin"}
    ),
    ("POST", "counterparties.create"): Rule(
        "/o/{slug}/counterparties/new", {"chairman", "member", "accountant", "admin"}
    ),
    ("GET", "counterparties.edit"): Rule(
        "/o/{slug}/counterparties/{cp_id}/edit",
        ADMINS,
        params=lambda w: {"cp_id": w.counterparty.id},
    ),
    ("POST", "counterparties.edit"): Rule(
        "/o/{slug}/counterparties/{cp_id}/edit",
        ADMINS,
        params=lambda w: {"cp_id": w.counterparty.id},
    ),
    # API
    ("GET", "me_api.Me"): Rule("/api/v1/me", EVERYONE, api=True, org_scoped=False),
    ("GET", "partners_api.Partners"): Rule("/api/v1/orgs/{slug}/partners", EVERYONE, api=True),
    ("POST", "partners_api.Partners"): Rule("/api/v1/orgs/{slug}/partners", ADMINS, api=True),
    ("GET", "partners_api.PartnerItem"): Rule(
        "/api/v1/orgs/{slug}/partners/{partner_id}", EVERYONE, api=True, params=partner
    ),
    ("PATCH", "partners_api.PartnerItem"): Rule(
        "/api/v1/orgs/{slug}/partners/{partner_id}", ADMINS, api=True, params=partner
    ),
    ("GET", "counterparties_api.Counterparties"): Rule(
        "/api/v1/orgs/{slug}/counterparties", EVERYONE, api=True
    ),
    ("POST", "counterparties_api.Counterparties"): Rule(
        "/api/v1/orgs/{slug}/counterparties",
        {"chairman", "member", "accountant", "admin"},
        api=True,
    ),
    # The share-refund page (governance, on the ledger blueprint): as distributions.
    ("GET", "ledger.share_refunds"): Rule("/o/{slug}/ledger/share-refunds", EVERYONE),
    ("POST", "ledger.share_refunds"): Rule("/o/{slug}/ledger/share-refunds", {"accountant"}),
    ("GET", "api-docs.openapi_json"): Rule(
        "/api/v1/openapi.json", EVERYONE, public=True, org_scoped=False
    ),
}

# Accepting an invitation (orgs) needs the invited account; an unknown token is 404 for everyone.
RULES[("GET", "orgs.invitation")] = Rule(
    "/invitations/unknown-token", EVERYONE, org_scoped=False, ok_statuses=(404,)
)
RULES[("POST", "orgs.invitation")] = Rule(
    "/invitations/unknown-token", EVERYONE, org_scoped=False, ok_statuses=(404,)
)
