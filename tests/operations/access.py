from tests.access import EVERYONE, Rule

# The installation's operator pages: superadmins only (no organisation role suffices).
RULES = {
    ("GET", "jobs.failed"): Rule("/admin/jobs", set(), org_scoped=False),
    ("POST", "jobs.retry"): Rule("/admin/jobs/999999/retry", set(), org_scoped=False),
}

# Accepting an invitation needs the invited account; an unknown token is 404 for everyone.
RULES[("GET", "operations.invitation")] = Rule(
    "/invitations/unknown-token", EVERYONE, org_scoped=False, ok_statuses=(404,)
)
RULES[("POST", "operations.invitation")] = Rule(
    "/invitations/unknown-token", EVERYONE, org_scoped=False, ok_statuses=(404,)
)
