"""Drive the running example site with wrk and check feed invalidation across processes.

Started by scripts/loadtest.sh (``make loadtest``), which sets up PostgreSQL, Redis, the demo
content at the load test's size (scripts/loadtest_content.py) and gunicorn, and the
environment (``DATABASE_URL``, ``REDIS_URL``, ``DJANGO_SETTINGS_MODULE``) that this script
shares with the workers. It:

1. finds the URLs to measure in the site's content, as a visitor reaches them: the home page
   (a plain Wagtail page, the reference), the agenda with the most sessions, its feed and the
   feed's ``304`` answer to ``If-None-Match``, the event of the agenda's next date and its feed,
   the library, the library with a theme and a word of the examples of that theme, a practice
   example, a presentation, this month's calendar of the agenda, the registration page of an
   event open for registration and the agenda that shows the most partner events; each must
   answer 200 (304 with its ETag) before it is measured;
2. runs wrk against each (``--connections`` connections, ``--duration`` seconds) and prints
   requests per second, the ratio to the home page's (measured first and last, the mean of
   both), the goal of that ratio with ok or FAIL, p50 and p99 latency and errors (socket
   errors, timeouts and answers other than 2xx and 3xx);
3. publishes a new event from this process, and checks that the next feed responses of the
   workers (each response names its worker in ``X-Worker-Pid``) all hold it; then deletes it
   and checks that they all drop it;
4. with ``--redis-port`` and the rest: two cache-outage phases, "stop" (``redis-cli shutdown``,
   then the same ``--redis-command`` again) and "hang" (``SIGSTOP``, then ``SIGCONT``: Redis
   keeps its data). Each runs wrk over all the URLs at once; Redis goes away after a quarter of
   the run and comes back after half of it; in between an event is published from this process
   and must be in the feed at once. After the run, every worker's feed must hold it (checked
   until a deadline: the time to fresh), and drop it once deleted.

Exits with status 1 when a request failed, a ratio missed its goal or a change did not reach
every worker.
"""

import argparse
import datetime as dt
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "example_site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")


def fetch(url, headers=None, timeout=30):
    """(status, headers, body) of one GET on a new connection."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"The site did not answer on {url} within {seconds} s.")


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, headers, connections, duration):
    """Requests per second, p50 and p99 in ms, requests and errors of one wrk run."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s"]
    command += ["--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(  # noqa: S603 (wrk with our own arguments)
        [*command, url], check=True, capture_output=True, text=True
    )
    return parse_wrk(result, url)


def parse_wrk(result, url):
    output = result.stdout
    if "Latency Distribution" not in output:  # no request answered at all
        print(output, result.stderr, file=sys.stderr)
        raise SystemExit(f"wrk got no answer from {url}.")
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": errors,
    }


def run_wrk_all(base, targets, connections, duration, script_dir):
    """One wrk run cycling through all ``targets`` ((path, headers) pairs); as run_wrk."""
    lines = ["local requests = {}"]
    for path, headers in targets:
        fields = ", ".join(f"[{lua(name)}] = {lua(value)}" for name, value in headers.items())
        lines.append(f'table.insert(requests, wrk.format("GET", {lua(path)}, {{{fields}}}))')
    lines += [
        "local i = 0",
        "request = function()",
        "  i = i % #requests + 1",
        "  return requests[i]",
        "end",
    ]
    script = Path(script_dir) / "all.lua"
    script.write_text("\n".join(lines) + "\n")
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s"]
    command += ["--latency", "--timeout", "10s", "-s", str(script), base + "/"]
    result = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return parse_wrk(result, base)


def lua(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def print_table(rows):
    titles = ("URL", "what", "requests/s", "ratio", "goal", "p50 ms", "p99 ms", "requests",
              "errors")  # fmt: skip
    cells = []
    for r in rows:
        goal = ""
        if r.get("goal"):
            goal = f">= {r['goal']:.1f} " + ("ok" if r["ratio"] >= r["goal"] else "FAIL")
        cells.append(
            (
                r["path"],
                r["label"],
                f"{r['rps']:.0f}",
                f"{r['ratio']:.2f}",
                goal,
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                str(r["requests"]),
                str(r["errors"]),
            )
        )
    widths = [max(len(t), *(len(c[i]) for c in cells)) for i, t in enumerate(titles)]
    print("| " + " | ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for c in cells:
        parts = [
            c[i].ljust(widths[i]) if i in (0, 1, 4) else c[i].rjust(widths[i])
            for i in range(len(titles))
        ]
        print("| " + " | ".join(parts) + " |")


def feed_check(base, feed_path, title, present, tries):
    """``tries`` feed requests (new connections): do they all hold ``title`` (or not)?"""
    pids, wrong = set(), 0
    needle = f"SUMMARY:{title}".encode()
    for _ in range(tries):
        status, headers, body = fetch(base + feed_path)
        pids.add(headers.get("X-Worker-Pid"))
        if status != 200 or (needle in body) != present:
            wrong += 1
    return pids, wrong


class Redis:
    """The Redis of the run: stopped and started again, or paused and resumed."""

    def __init__(self, port, pidfile, command):
        self.port, self.pidfile, self.command = port, pidfile, command

    def pid(self):
        return int(Path(self.pidfile).read_text().strip())

    def ping(self):
        command = ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "ping"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=5)  # noqa: S603
        return result.stdout.strip() == "PONG"

    def stop(self):
        command = ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "shutdown", "nosave"]
        subprocess.run(command, capture_output=True, timeout=10)  # noqa: S603

    def start(self):
        subprocess.run(shlex.split(self.command), check=True)  # noqa: S603
        deadline = time.monotonic() + 10
        while not self.ping():
            if time.monotonic() > deadline:
                raise SystemExit("Redis did not start again.")
            time.sleep(0.1)

    def pause(self):
        os.kill(self.pid(), signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid(), signal.SIGCONT)


def publish_event(agenda, title):
    from jeugdzorg_wagtail.models import EventPage, EventSession

    event = EventPage(title=title, intro="Een bijeenkomst om de cache te testen.")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(19), tzinfo=dt.UTC)
    event.sessions = [EventSession(start=start, end=start + dt.timedelta(hours=2))]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return event


def outage_phase(kind, redis, base, targets, feed_path, agenda, args, tries):
    """One outage under load; its row of the outage table."""
    from jeugdzorg_wagtail.models import EventPage

    duration = max(args.duration, 8)
    title = f"Gepubliceerd tijdens de storing ({kind}) {int(time.time())}"
    during = {}

    def break_and_repair():
        time.sleep(duration / 4)
        redis.stop() if kind == "stop" else redis.pause()
        started = time.monotonic()
        during["event"] = publish_event(agenda, title)
        during["publish_s"] = time.monotonic() - started
        status, _headers, body = fetch(base + feed_path)
        during["seen"] = status == 200 and f"SUMMARY:{title}".encode() in body
        time.sleep(max(0.0, duration / 4 - (time.monotonic() - started)))
        redis.start() if kind == "stop" else redis.resume()

    breaker = threading.Thread(target=break_and_repair)
    with tempfile.TemporaryDirectory() as script_dir:
        breaker.start()
        result = run_wrk_all(base, targets, args.connections, duration, script_dir)
        breaker.join()
    # Fresh once Redis is back: every worker's next feed responses hold the change.
    started, deadline = time.monotonic(), time.monotonic() + 60
    while True:
        pids, wrong = feed_check(base, feed_path, title, present=True, tries=tries)
        if wrong == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    fresh_after = time.monotonic() - started
    EventPage.objects.get(pk=during["event"].pk).delete()
    _pids, wrong_delete = feed_check(base, feed_path, title, present=False, tries=tries)
    return {
        "phase": kind,
        **result,
        "publish_s": during["publish_s"],
        "seen_during": during["seen"],
        "fresh": tries - wrong,
        "fresh_workers": len(pids),
        "fresh_after": fresh_after,
        "dropped": tries - wrong_delete,
        "tries": tries,
        "ok": result["errors"] == 0 and during["seen"] and wrong == 0 and wrong_delete == 0,
    }


def print_outage_table(rows):
    titles = ("Redis", "requests", "errors", "p99 ms", "publish s", "new event during",
              "fresh after", "s to fresh", "deleted after", "ok")  # fmt: skip
    cells = [
        (
            {"stop": "stopped, restarted", "hang": "paused, resumed"}[r["phase"]],
            str(r["requests"]),
            str(r["errors"]),
            f"{r['p99']:.0f}",
            f"{r['publish_s']:.2f}",
            "yes" if r["seen_during"] else "NO",
            f"{r['fresh']}/{r['tries']} ({r['fresh_workers']} workers)",
            f"{r['fresh_after']:.1f}",
            f"{r['dropped']}/{r['tries']}",
            "ok" if r["ok"] else "FAIL",
        )
        for r in rows
    ]
    widths = [max(len(t), *(len(c[i]) for c in cells)) for i, t in enumerate(titles)]
    print("| " + " | ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for c in cells:
        print("| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(titles))) + " |")


def discover(base):
    """The URLs to measure, found in the site's content: a list of dicts with ``path``,
    ``label``, ``headers`` and ``goal`` (the least ratio to the home page, or None); and the
    agenda and its feed's path, for the freshness checks."""
    import re as regex
    from collections import Counter

    from django.utils import timezone
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import (
        AgendaEntry,
        EventIndexPage,
        EventPage,
        EventSession,
        PracticeExampleIndexPage,
        PracticeExamplePage,
        PresentationPage,
        SourceEvent,
    )

    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    agendas = list(EventIndexPage.objects.live().descendant_of(home))
    # The agenda: the one with most sessions of its own; the partner agenda: the one whose
    # partner calendars give it the most events.
    agenda = max(
        agendas, key=lambda a: EventSession.objects.filter(page__path__startswith=a.path).count()
    )
    partner_agenda = max(
        agendas, key=lambda a: SourceEvent.objects.filter(source__agendas=a).count()
    )
    if not SourceEvent.objects.filter(source__agendas=partner_agenda).exists():
        raise SystemExit("No agenda shows the events of a partner calendar.")
    now = timezone.now()
    entry = (
        AgendaEntry.objects.filter(
            page__path__startswith=agenda.path, page__live=True, start__gte=now
        )
        .order_by("start", "pk")
        .first()
    )
    if entry is None:
        raise SystemExit(f"The agenda {agenda.url_path} has no upcoming event.")
    event = EventPage.objects.get(pk=entry.page_id)
    open_events = EventPage.objects.live().descendant_of(home).filter(registration_mode="open")
    registration = next(
        (page for page in open_events if page.get_on_site_registration_state() == "open"), None
    )
    if registration is None:
        raise SystemExit("No event is open for registration.")
    library = PracticeExampleIndexPage.objects.live().descendant_of(home).first()
    presentation = PresentationPage.objects.live().descendant_of(home).first()
    if library is None or presentation is None:
        raise SystemExit("The site has no practice example library or no presentation.")
    examples = PracticeExamplePage.objects.live().descendant_of(library)
    # A theme most examples have, and a word of the title of one of them.
    counts = Counter(examples.values_list("themes__slug", flat=True))
    counts.pop(None, None)
    theme = counts.most_common(1)[0][0]
    title = examples.filter(themes__slug=theme).order_by("path").first().title
    word = max(regex.findall(r"[^\W\d_]{4,}", title.lower()), key=len)
    example = examples.order_by("path").first()
    month = timezone.localdate()
    feed_path = agenda.get_url() + agenda.reverse_subpage("ical")
    goal_feed, goal_page = 0.9, 0.5
    targets = [
        ("/", "home page (plain Wagtail page, reference)", None),
        (feed_path, "agenda feed", goal_feed),
        (feed_path, "agenda feed, If-None-Match (304)", goal_feed),
        (agenda.get_url(), "agenda listing", goal_page),
        (event.get_url(), "event page", goal_page),
        (event.get_url() + event.reverse_subpage("ical"), "event feed", None),
        (library.get_url(), "library", goal_page),
        (f"{library.get_url()}?theme={theme}&q={word}", "library, theme and search", goal_page),
        (example.get_url(), "practice example", goal_page),
        (presentation.get_url(), "presentation", None),
        (
            agenda.get_url() + agenda.reverse_subpage("calendar_month", (month.year, month.month)),
            "month calendar",
            goal_page,
        ),
        (
            registration.get_url() + registration.reverse_subpage("register"),
            "registration page",
            goal_page,
        ),
        (partner_agenda.get_url(), "agenda with partner sources", goal_page),
    ]
    status, headers, body = fetch(base + feed_path)
    if status != 200:
        raise SystemExit(f"The feed {feed_path} answered {status}.")
    etag = headers["ETag"]
    found = []
    for path, label, goal in targets:
        conditional = "304" in label
        request_headers = {"If-None-Match": etag} if conditional else {}
        answer = fetch(base + path, request_headers)[0]
        if answer != (304 if conditional else 200):
            raise SystemExit(f"{path} ({label}) answered {answer}.")
        found.append({"path": path, "label": label, "headers": request_headers, "goal": goal})
    return found, agenda, feed_path, body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="the site, e.g. http://127.0.0.1:8799")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--duration", type=int, default=int(os.environ.get("LOADTEST_DURATION", 10))
    )
    parser.add_argument("--redis-port", type=int, help="the Redis to stop and pause")
    parser.add_argument("--redis-pidfile", help="its pid file")
    parser.add_argument("--redis-command", help="the command that starts it (daemonized)")
    args = parser.parse_args()

    import django

    django.setup()
    from jeugdzorg_wagtail.models import EventPage, PracticeExamplePage, SourceEvent

    base = args.url.rstrip("/")
    wait_for(base + "/")
    targets, agenda, feed_path, body = discover(base)
    print(
        f"{EventPage.objects.live().count():,} events, "
        f"{PracticeExamplePage.objects.live().count():,} practice examples, "
        f"{SourceEvent.objects.count():,} partner events. "
        f"Feed {feed_path}: {body.count(b'BEGIN:VEVENT'):,} sessions, {len(body):,} bytes. "
        f"{args.workers} gunicorn workers; wrk with {args.connections} connections for "
        f"{args.duration} s per URL."
    )

    rows = []
    # The home page first and again last: the reference is the mean of both.
    for target in [*targets, {**targets[0], "label": "home page again (reference)"}]:
        fetch(base + target["path"], target["headers"])  # warm
        result = run_wrk(base + target["path"], target["headers"], args.connections, args.duration)
        rows.append({**target, **result})
    reference = (rows[0]["rps"] + rows[-1]["rps"]) / 2
    for row in rows:
        row["ratio"] = row["rps"] / reference
    print()
    print_table(rows)
    failed = sum(r["errors"] for r in rows)
    missed = [r for r in rows if r["goal"] and r["ratio"] < r["goal"]]

    # A change made by another process reaches every worker's next feed response.
    print()
    tries = args.workers * 10
    title = f"Publicatie tijdens de belastingtest {int(time.time())}"
    pids, wrong = feed_check(base, feed_path, title, present=False, tries=tries)
    print(f"Before publishing: {tries} feed requests served by {len(pids)} workers.")
    event = publish_event(agenda, title)
    pids, wrong = feed_check(base, feed_path, title, present=True, tries=tries)
    ok_publish = wrong == 0 and len(pids) > 1
    print(
        f"After publishing from process {os.getpid()}: {tries - wrong} of {tries} feed "
        f"responses from {len(pids)} workers hold the new event."
    )
    EventPage.objects.get(pk=event.pk).delete()
    pids, wrong_delete = feed_check(base, feed_path, title, present=False, tries=tries)
    ok_delete = wrong_delete == 0
    print(
        f"After deleting it: {tries - wrong_delete} of {tries} feed responses from "
        f"{len(pids)} workers no longer hold it."
    )

    outages = []
    if args.redis_port:
        redis = Redis(args.redis_port, args.redis_pidfile, args.redis_command)
        everything = [(t["path"], t["headers"]) for t in targets]
        for kind in ("stop", "hang"):
            outages.append(
                outage_phase(kind, redis, base, everything, feed_path, agenda, args, tries)
            )
        print("\nRedis outages under load (wrk over all the URLs above at once):")
        print_outage_table(outages)
    ok_outages = all(r["ok"] for r in outages)

    if failed or missed or not ok_publish or not ok_delete or not ok_outages:
        print(
            f"\nLOAD TEST FAILED: {failed} failed requests; {len(missed)} ratios below their "
            f"goal ({' / '.join(r['label'] for r in missed) or 'none'}); publication seen by every "
            f"worker: {ok_publish}; deletion seen by every worker: {ok_delete}; "
            f"outages survived: {ok_outages}.",
            file=sys.stderr,
        )
        sys.exit(1)
    print(
        "\nNo errors; every ratio met its goal; every worker served the change on its next "
        "feed request."
    )


if __name__ == "__main__":
    main()
