"""A real ``redis-server`` on 127.0.0.1 behind the documented production cache settings is
stopped, restarted, paused and resumed: the public pages and feeds answer throughout, and a
change published meanwhile is in the feed once Redis answers again.

Needs the ``redis-server`` binary (CI installs it; see ``.ci/run``)."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis as redis_py

from jeugdzorg_wagtail.events import feed_cache
from jeugdzorg_wagtail.models import EventPage, PracticeExamplePage
from tests.utils import make_every_page_type

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")

#: Seconds a failed Redis is skipped by each process, kept short for the test.
RETRY_AFTER = 0.5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis_py.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis_py.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    options = {"FAILURE_RETRY_AFTER": RETRY_AFTER}
    backend = "jeugdzorg_wagtail.core.cache.FailSafeRedisCache"
    url = f"redis://127.0.0.1:{server.port}"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": f"{url}/1", "OPTIONS": options},
        "feeds": {"BACKEND": backend, "LOCATION": f"{url}/2", "TIMEOUT": 3600, "OPTIONS": options},
    }
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": "feeds"}
    yield server
    server.stop()
    feed_cache._epoch_checks.clear()


def rename(page, title):
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()


def titles(response):
    assert response.status_code == 200
    return [
        line.removeprefix("SUMMARY:")
        for line in response.content.decode().split("\r\n")
        if line.startswith("SUMMARY:")
    ]


def wait_for_the_retry():
    time.sleep(RETRY_AFTER + 0.1)


@pytest.mark.django_db
def test_the_site_survives_a_stopped_and_a_hung_redis(client, root_page, redis_server):
    site = make_every_page_type(root_page)
    event = site["pages"][EventPage]
    example = site["pages"][PracticeExamplePage]
    agenda, library = event.get_parent(), example.get_parent()
    feed = f"{agenda.url}ical/"
    urls = [feed, agenda.url, event.url, example.url, f"{library.url}?q=voorbeeld"]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    assert titles(client.get(feed))[0] == "Themacafé 0"  # built, then served from Redis
    direct = redis_py.Redis(host="127.0.0.1", port=redis_server.port, db=2)
    assert direct.dbsize() > 0

    # Stopped: connection refused.
    redis_server.stop()
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    rename(event, "Themacafé tijdens de storing")
    assert titles(client.get(feed))[0] == "Themacafé tijdens de storing"
    redis_server.start()
    wait_for_the_retry()
    assert titles(client.get(feed))[0] == "Themacafé tijdens de storing"
    assert titles(client.get(feed))[0] == "Themacafé tijdens de storing"  # cached again
    direct = redis_py.Redis(host="127.0.0.1", port=redis_server.port, db=2)
    assert direct.dbsize() > 0

    # Hung: the process paused, its port open and its data kept.
    redis_server.pause()
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    rename(event, "Themacafé na de hapering")
    assert titles(client.get(feed))[0] == "Themacafé na de hapering"
    redis_server.resume()
    wait_for_the_retry()
    assert titles(client.get(feed))[0] == "Themacafé na de hapering"
    assert titles(client.get(feed))[0] == "Themacafé na de hapering"
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
