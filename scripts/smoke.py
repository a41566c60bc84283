"""Production smoke test against a served llp-gov: sign in, upload, find, sign out.

    python scripts/smoke.py BASE_URL EMAIL PASSWORD SLUG

Run by .ci/run's production stage (scripts/ci-production.sh) with the checkout's venv; exits
non-zero with the step that failed."""

from __future__ import annotations

import re
import sys
import time
import uuid

import requests

# WTForms renders name= then type=; base.html's sign-out form writes type= then name=.
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    match = CSRF.search(page.text)
    if not match:
        raise SystemExit(f"no CSRF token on {url}")
    return match.group(1)


def main(base: str, email: str, password: str, slug: str) -> None:
    s = requests.Session()
    token = csrf(s, f"{base}/login")
    r = s.post(
        f"{base}/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code != 302:
        raise SystemExit(f"sign in failed: {r.status_code}")
    print("signed in")
    word = "smoke" + uuid.uuid4().hex[:8]
    token = csrf(s, f"{base}/o/{slug}/documents/upload")
    r = s.post(
        f"{base}/o/{slug}/documents/upload",
        data={"title": f"契約書 {word}", "doc_type": "other", "csrf_token": token},
        files={"files": ("contract.txt", f"有限責任事業組合契約 {word}".encode(), "text/plain")},
        allow_redirects=False,
        timeout=60,
    )
    if r.status_code != 302:
        raise SystemExit(f"upload failed: {r.status_code} {r.text[:500]}")
    print("uploaded")
    for _ in range(30):
        r = s.get(f"{base}/o/{slug}/search", params={"q": word}, timeout=30)
        if r.status_code == 200 and word in r.text and "契約書" in r.text:
            print("found")
            break
        time.sleep(1)
    else:
        raise SystemExit("the upload was not found by search within 30 s")
    token = csrf(s, f"{base}/o/{slug}/documents/")
    r = s.post(f"{base}/logout", data={"csrf_token": token}, allow_redirects=False, timeout=30)
    if r.status_code != 302:
        raise SystemExit(f"sign out failed: {r.status_code}")
    r = s.get(f"{base}/o/{slug}/", allow_redirects=False, timeout=30)
    if r.status_code != 302 or "/login" not in r.headers.get("Location", ""):
        raise SystemExit("still signed in after signing out")
    print("signed out")


if __name__ == "__main__":
    main(*sys.argv[1:5])
