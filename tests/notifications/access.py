from tests.access import EVERYONE, Rule

RULES = {
    ("GET", "notifications.index"): Rule("/o/{slug}/notifications/", EVERYONE),
    # Someone else's (or no) notification is not found.
    ("POST", "notifications.read"): Rule(
        "/o/{slug}/notifications/999999/read", EVERYONE, ok_statuses=(404,)
    ),
}
