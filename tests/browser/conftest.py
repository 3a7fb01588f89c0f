"""A real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against the live server.

The browser tests are marked `browser`; where Chromium, its driver or Selenium is missing they are skipped with
the reason (CI installs them: `.ci/run`). Screenshots of each page at 1366 and 390 px go to `var/screenshots/`
(git-ignored; CI keeps the folder as an artefact). axe-core (`vendor/axe.min.js`, MPL-2.0) checks accessibility.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
PASSWORD = "matkhau-thu-nghiem-2025"  # the seed world's users (conftest.make_user)
DESKTOP, PHONE = (1366, 900), (390, 844)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} not found: apt-get install {package} (.ci/run installs it)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = _missing()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"Browser tests need Chromium: {reason}"))


class Browser:
    """The driver, the live server's address and the helpers a journey needs."""

    def __init__(self, driver: Any, base: str) -> None:
        self.driver = driver
        self.base = base

    def go(self, path: str) -> None:
        self.driver.get(self.base + path)

    @property
    def path(self) -> str:
        url: str = self.driver.current_url
        return url.removeprefix(self.base)

    def find(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def finds(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def link(self, text: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.PARTIAL_LINK_TEXT, text)

    def button(self, text: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.XPATH, f"//button[contains(normalize-space(.), '{text}')]")

    def text(self) -> str:
        """The page's visible text, read again if the page was replaced while reading it (Chromium says so as a
        stale element, or, when the page goes between finding the body and reading it, as a node that "does not
        belong to the document")."""
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

        for _ in range(5):
            try:
                body: str = self.find("body").text
                return body
            except StaleElementReferenceException:
                continue
            except WebDriverException as exc:
                if "does not belong to the document" not in str(exc.msg):
                    raise
        raise AssertionError("the page kept changing")

    def click(self, element: Any, times: int = 1) -> None:
        """Click (`times` times at once: a double click on a submit button) and wait for the next page."""
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        page = self.find("html")
        self.driver.execute_script("for (let i = 0; i < arguments[1]; i++) arguments[0].click();", element, times)
        WebDriverWait(self.driver, 30).until(expected_conditions.staleness_of(page))
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def wait_for(self, text: str, timeout: float = 20) -> None:
        """Until `text` shows on the page (after a click that sends a form or follows a link)."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(lambda _: text in self.text())

    def log_in(self, username: str) -> None:
        self.driver.delete_all_cookies()
        self.go("/tai-khoan/dang-nhap/")
        self.find("#id_username").send_keys(username)
        self.find("#id_password").send_keys(PASSWORD)
        self.click(self.button("Đăng nhập"))

    def type(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def shot(self, name: str) -> dict[int, int]:
        """Screenshots of the current page at desktop and phone width; returns each width's scrollWidth (a page
        wider than the window scrolls sideways)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        widths = {}
        for width, height in (DESKTOP, PHONE):
            self.driver.set_window_size(width, height)
            inner = self.driver.execute_script("return window.innerWidth")
            widths[inner] = self.driver.execute_script("return document.documentElement.scrollWidth")
            self.driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
        self.driver.set_window_size(*DESKTOP)
        return widths

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations of WCAG 2 A/AA on the current page."""
        self.driver.execute_script(AXE.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error', impact:"
            " 'critical', help: String(e), nodes: []}])));"
        )
        violations: list[dict[str, Any]] = json.loads(result)
        return [v for v in violations if v.get("impact") in ("serious", "critical")]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="cchc-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--lang=vi-VN",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium: Any, live_server: Any) -> Browser:
    chromium.delete_all_cookies()
    return Browser(chromium, live_server.url)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[Path]:
    """A few shipped procedures about birth registration imported for the assistant (the index rebuilt)."""
    import gzip

    from cchc.assistant.parsing import SHIPPED_CORPUS
    from cchc.assistant.services import import_procedures, reset_index

    with gzip.open(SHIPPED_CORPUS, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if "khai sinh" in str(json.loads(line).get("ten_thu_tuc", "")).lower()]
    path = tmp_path / "thu-tuc.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    reset_index()
    import_procedures(path)
    yield path
    reset_index()
