"""The example site, served on 127.0.0.1 with the demo content, and a headless Chromium.

These tests run with ``make browser-test`` (``-m browser``); ``make test`` leaves them out.
They need no Django test database: they drive a real server in its own process.
"""

import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_site"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_env():
    data_dir = Path(tempfile.mkdtemp(prefix="jw-browser-"))
    env = {
        **os.environ,
        "EXAMPLE_SITE_DATA_DIR": str(data_dir),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "PYTHONPATH": str(ROOT),
        # The call form may be sent a second after it was shown, and more than five times.
        "JEUGDZORG_FORM_MIN_SECONDS": "1",
        "JEUGDZORG_SUBMISSION_RATE_LIMIT": "100",
        # The site's e-mails, one file per sending, for the tests to read (see ``mailbox``).
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(data_dir / "mail"),
    }
    env.pop("DATABASE_URL", None)
    yield env
    shutil.rmtree(data_dir, ignore_errors=True)


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=EXAMPLE, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")


# One process does what `make demo` does: creates the database, points the default site at
# the test server's address (so absolute links, the feed's webcal:// address and the
# add-to-calendar links, lead to the server the browser talks to), loads the demo content and
# creates the local admin account.
SET_UP_SITE = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("set_site_address", "127.0.0.1:{port}")
call_command("jeugdzorg_demo")
call_command("create_demo_admin")
"""


@pytest.fixture(scope="session")
def base_url(site_env):
    """The example site with demo content and the local admin account, on 127.0.0.1.

    ``BROWSER_TEST_BASE_URL`` points the tests at a site that is already running instead,
    which saves the set-up time while you work on the tests. Set that site up as below: the
    demo content, the local admin account, the default site on the server's address and
    the environment of ``site_env``.
    """
    if os.environ.get("BROWSER_TEST_BASE_URL"):
        yield os.environ["BROWSER_TEST_BASE_URL"].rstrip("/")
        return
    port = free_port()
    manage(site_env, "shell", "-c", SET_UP_SITE.format(port=port))
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=EXAMPLE,
        env=site_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError("The example site did not start.")
    yield url
    server.terminate()
    server.wait(timeout=10)


class Mailbox:
    """The e-mails the example site sent, as Django's file-based backend wrote them."""

    SEPARATOR = b"\n" + b"-" * 79 + b"\n"

    def __init__(self, directory):
        self.directory = Path(directory)

    def messages(self):
        found = []
        files = sorted(self.directory.glob("*.log"), key=lambda path: path.stat().st_mtime_ns)
        for path in files:
            # Each message ends with the separator: what follows the last one is still being
            # written (or nothing).
            for part in path.read_bytes().split(self.SEPARATOR)[:-1]:
                found.append(email.message_from_bytes(part, policy=email.policy.default))
        return found

    def to(self, address):
        return [message for message in self.messages() if address in message["To"]]

    def wait_for(self, address, count=1, timeout=10):
        """The messages to ``address`` once there are ``count`` (mail goes out after commit)."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} e-mails to {address}, expected {count}.")
            time.sleep(0.2)
        return found


@pytest.fixture(scope="session")
def mailbox(site_env, base_url):
    """What the example site sent, read from ``EMAIL_FILE_PATH`` of its environment."""
    return Mailbox(site_env["EMAIL_FILE_PATH"])


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


def new_page(browser, language=None, base_url=None):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    if language:
        context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    return context.new_page()


@pytest.fixture
def page(browser):
    """A fresh browser tab with nothing stored (no cookies, no history)."""
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def reader(browser):
    """One tab shared by the tests of a module that only read pages (saves a start-up each)."""
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def english_reader(browser, base_url):
    """A shared tab of a reader who chose English."""
    page = new_page(browser, language="en", base_url=base_url)
    yield page
    page.context.close()


@pytest.fixture
def axe():
    """Runs axe-core on a page and returns the WCAG 2.1 A/AA violations."""
    axe_path = os.environ.get("AXE_PATH")
    if not axe_path or not Path(axe_path).exists():
        pytest.fail("axe-core is missing: run the browser tests with `make browser-test`.")

    def run(page):
        page.add_script_tag(path=axe_path)
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations']})"""
        )
        return [
            {
                "id": v["id"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def screenshot():
    directory = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "artifacts" / "screenshots"))
    directory.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = directory / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
