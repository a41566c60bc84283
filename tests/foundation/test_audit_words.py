"""Every audit tag the code writes reads as words on the audit page (issue 14: tags as words)."""

import re
from pathlib import Path

from llp_gov.audit import presentation

ROOT = Path(__file__).resolve().parents[2] / "llp_gov"
# Values that the dynamic tags (project:{action}, contract:{to}, board:{outcome}) take.
DYNAMIC = {
    "project": ["submit", "approve", "reject", "request_changes", "start", "complete", "cancel"],
    "contract": ["draft", "in_review", "approved", "signed", "active", "expired", "terminated"],
    "board": ["adopted", "rejected"],
}


def written_tags() -> set[str]:
    tags = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        tags.update(re.findall(r'tag="([a-z_]+(?::[a-z_]+)+)"', text))
    for category, actions in DYNAMIC.items():
        tags.update(f"{category}:{a}" for a in actions)
    return tags


def test_every_written_tag_has_words(app):
    tags = written_tags()
    assert len(tags) > 50
    with app.test_request_context():
        untranslated = sorted(t for t in tags if presentation.tag_words(t) == t)
    assert untranslated == []
