"""Browser tests: Playwright drives Debian's headless Chromium against pytest-django's live server.

No browser is downloaded: Playwright launches /usr/bin/chromium (apt-get install chromium). When it
is missing the tests skip with the reason, unless KOERS_REQUIRE_BROWSER=1 (CI), then they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread, and the tests also use the ORM
# there to arrange data; Django would refuse that as "async-unsafe" without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps dialling Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TIMEOUT_MS = 15_000


def _browser_required() -> bool:
    return os.environ.get("KOERS_REQUIRE_BROWSER", "") in {"1", "true", "yes", "on"}


def _unavailable(reason: str) -> None:
    if _browser_required():
        pytest.fail(f"Browser tests cannot run: {reason} (KOERS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} not found; install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"the playwright package is not installed ({error})")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


# Reports every Content-Security-Policy violation to the console, where ``csp_violations`` reads it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


def csp_violations(tab: Any) -> list[str]:
    """Collects the Content-Security-Policy violations of every page the tab opens."""
    seen: list[str] = []
    tab.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message: Any) -> None:
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            seen.append(f"{tab.url}: {message.text}")

    tab.on("console", on_console)
    return seen


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) with relative URLs resolved on the live server. A
    test whose pages broke the Content-Security-Policy fails."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    violations = csp_violations(tab)
    yield tab
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Like ``page`` on a 375 px wide phone screen."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    violations = csp_violations(tab)
    yield tab
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def dutch_tab(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Opens tabs in fresh browser contexts whose locale is nl-NL, one per person:
    ``dutch_tab()`` or ``dutch_tab(phone=True)`` for a 375 px wide screen. A test whose pages broke
    the Content-Security-Policy fails."""
    contexts: list[Any] = []
    violations: list[list[str]] = []

    def open_tab(*, phone: bool = False) -> Any:
        screen: dict[str, Any] = (
            {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
            if phone
            else {}
        )
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **screen)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        violations.append(csp_violations(tab))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    found = [violation for seen in violations for violation in seen]
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture
def log_in() -> Callable[..., None]:
    """Log in through the login form, in any UI language: ``log_in(page, email=, password=)``."""

    def submit(page: Any, *, email: str, password: str) -> None:
        page.goto("/login/")
        form = page.locator("main form")
        form.locator('input[name="username"]').fill(email)
        form.locator('input[name="password"]').fill(password)
        form.get_by_role("button").click()
        page.wait_for_url(lambda url: "/login/" not in url)

    return submit


@pytest.fixture
def nav_to() -> Callable[..., None]:
    """Open a group of the main navigation and follow one of its links, as a person does:
    ``nav_to(tab, "Strategie", "Mag ik deze tool gebruiken?")``."""

    def follow(tab: Any, group: str, link: str) -> None:
        navigation = tab.locator("nav.topnav")
        navigation.locator("summary", has_text=group).click()
        navigation.get_by_role("link", name=link, exact=True).click()

    return follow
