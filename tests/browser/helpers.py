"""What the browser tests share: signing in, watching the console, scanning with axe-core."""

from __future__ import annotations

from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

DEMO_PASSWORD = "demo-password"
# The impacts axe-core gives that a page must never have.
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def sign_in_through_form(
    page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD
) -> Page:
    """Sign in through the login page, as a person would (English labels: no session yet)."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


@dataclass
class PageWatch:
    """Content-Security-Policy violations and script errors seen by one page."""

    csp_violations: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.csp_violations + self.script_errors

    def clear(self) -> None:
        self.csp_violations.clear()
        self.script_errors.clear()


def watch(page: Page) -> PageWatch:
    """Start recording what the page's console reports about the CSP, and uncaught errors."""
    seen = PageWatch()

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.csp_violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.script_errors.append(str(error)))
    return seen


def axe_violations(page: Page, impacts: set[str] = BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core (shipped with axe-playwright-python, no network) on the page as it is."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    """One readable line per violation and node, for assertion messages."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def tab_to(page: Page, target: Locator, *, limit: int = 150) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would; fail if it never
    does (the element is not reachable by keyboard)."""
    # After a form was sent, start on the page it led to, fully loaded.
    page.wait_for_load_state("load")
    target.wait_for(state="visible")
    element = target.element_handle()
    for _ in range(limit):
        if page.evaluate("element => document.activeElement === element", element):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never received the focus after {limit} presses of Tab")


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    """Reach `target` with Tab and press `key` on it (Enter follows a link or a button)."""
    tab_to(page, target)
    page.keyboard.press(key)


def choose_file_by_keyboard(page: Page, file_input: Locator, path) -> None:
    """Reach `file_input` with Tab, then choose `path` as the browser's file dialog would.

    The dialog belongs to the operating system, not the page; that the field takes
    the keyboard focus is what the page owes. (Opening the dialog with Space proved
    unreliable in headless Chromium on a loaded machine.)
    """
    tab_to(page, file_input)
    file_input.set_input_files(path)


def error_of(field: Locator) -> Locator:
    """The error message the field names in aria-describedby (asserting it names one)."""
    ids = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in ids if i.endswith("_error")]
    assert errors, f"{field} is described by {ids}, none of them an error message"
    return field.page.locator(f"#{errors[0]}")
