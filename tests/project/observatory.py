"""Score response headers the way Mozilla's HTTP Observatory does (its v2 rules).

Only the tests that can be judged from one response are scored: CSP, cookies,
CORS, Referrer-Policy, HSTS, X-Content-Type-Options, X-Frame-Options and
Cross-Origin-Resource-Policy. The grade starts at 100; A+ needs 100 or more.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Score:
    points: int = 100
    notes: list[str] = field(default_factory=list)

    def add(self, delta: int, note: str) -> None:
        self.points += delta
        self.notes.append(f"{delta:+d} {note}")

    @property
    def grade(self) -> str:
        for floor, grade in ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B")):
            if self.points >= floor:
                return grade
        return "C or worse"


def _csp(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


def score(response) -> Score:
    result = Score()
    headers = {k.lower(): v for k, v in response.headers.items()}

    csp_header = headers.get("content-security-policy")
    csp = _csp(csp_header) if csp_header else {}
    if not csp:
        result.add(-25, "no Content-Security-Policy")
    else:
        script = csp.get("script-src", csp.get("default-src", []))
        style = csp.get("style-src", csp.get("default-src", []))
        if "'unsafe-inline'" in script or "'unsafe-eval'" in script:
            result.add(-20, "CSP allows unsafe script")
        elif "'unsafe-inline'" in style:
            result.add(0, "CSP allows unsafe-inline styles")
        elif csp.get("default-src") == ["'none'"]:
            result.add(10, "CSP without unsafe-*, default-src 'none'")
        else:
            result.add(5, "CSP without unsafe-*")

    cookies = response.cookies.values()
    if cookies:
        insecure = [c.key for c in cookies if not c["secure"]]
        no_httponly = [c.key for c in cookies if "session" in c.key.lower() and not c["httponly"]]
        no_samesite = [c.key for c in cookies if not c["samesite"]]
        if insecure:
            result.add(-20, f"cookies without Secure: {insecure}")
        elif no_httponly:
            result.add(-30, f"session cookies without HttpOnly: {no_httponly}")
        elif no_samesite:
            result.add(0, "cookies without SameSite")
        else:
            result.add(5, "cookies Secure, HttpOnly (sessions) and SameSite")

    if headers.get("access-control-allow-origin", "").strip() == "*":
        result.add(-50, "Access-Control-Allow-Origin: * on private content")

    referrer = headers.get("referrer-policy", "").lower().split(",")[-1].strip()
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    if referrer in private:
        result.add(5, "private Referrer-Policy")
    elif referrer in {"unsafe-url", "no-referrer-when-downgrade", "origin"}:
        result.add(-5, "unsafe Referrer-Policy")

    hsts = headers.get("strict-transport-security", "")
    max_age = 0
    for part in hsts.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            max_age = int(value)
    if max_age < 15768000:
        result.add(-20, "no HSTS of at least six months")

    if headers.get("x-content-type-options", "").lower() != "nosniff":
        result.add(-5, "no X-Content-Type-Options: nosniff")

    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        result.add(5, "framing refused by CSP frame-ancestors")
    elif headers.get("x-frame-options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        result.add(-20, "framing allowed")

    if headers.get("cross-origin-resource-policy", "") not in {"same-origin", "same-site"}:
        result.add(0, "no Cross-Origin-Resource-Policy")
    return result
