from tests.access import Rule

# The installation's operator pages: superadmins only (no organisation role suffices).
RULES = {
    ("GET", "jobs.failed"): Rule("/admin/jobs", set(), org_scoped=False),
    ("POST", "jobs.retry"): Rule("/admin/jobs/999999/retry", set(), org_scoped=False),
}
