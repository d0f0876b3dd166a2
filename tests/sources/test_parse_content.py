"""What a partner's event says comes out as plain, safe values."""

import pytest

from jeugdzorg_wagtail.sources.parsing import (
    DESCRIPTION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    parse,
    plain_text,
    safe_url,
)

from .conftest import calendar, vevent

START = "20250312T180000Z"


def only_event(**properties):
    feed = parse(calendar(vevent(DTSTART=START, **properties)))
    [event] = feed.events
    return event


def test_an_html_description_becomes_plain_text():
    description = (
        "<p>Welkom bij de <b>inloopavond</b>!</p><script>alert('x')</script>"
        "<style>p{color:red}</style><ul><li>Pleegzorg</li><li>Jeugd &amp; gezin</li></ul>"
        'Aanmelden: <a href="https://partner.example/aanmelden">via het formulier</a><br>'
        '<a href="javascript:alert(1)">klik</a> <img src=x onerror=alert(1)>Tot dan'
    )

    event = only_event(DESCRIPTION=description)

    assert event.description == (
        "Welkom bij de inloopavond!\n\n"
        "- Pleegzorg\n"
        "- Jeugd & gezin\n\n"
        "Aanmelden: via het formulier (https://partner.example/aanmelden)\n"
        "klik Tot dan"
    )
    assert "<" not in event.description
    assert "alert" not in event.description


def test_plain_text_keeps_its_line_breaks_and_signs():
    event = only_event(DESCRIPTION="Regel een\\nRegel twee: 3 < 5 & 7 > 2")

    assert event.description == "Regel een\nRegel twee: 3 < 5 & 7 > 2"


def test_outlooks_html_description_is_used_when_the_plain_one_is_missing():
    event = only_event(
        X_ALT_DESC=";FMTTYPE=text/html:<html><body><p>Alleen in HTML</p></body></html>"
    )

    assert event.description == "Alleen in HTML"


def test_texts_lose_control_characters_and_are_capped():
    event = only_event(
        SUMMARY="Thema\u0007avond\u200b  over\tschulden " + "x" * 400,
        LOCATION="<b>Wijkcentrum</b> De Kroon,\\n Zaal 2",
        DESCRIPTION="y" * (DESCRIPTION_MAX_LENGTH + 50),
    )

    assert event.summary.startswith("Themaavond over schulden xxx")
    assert len(event.summary) == SUMMARY_MAX_LENGTH
    assert event.summary.endswith("\u2026")
    assert event.location == "Wijkcentrum De Kroon, Zaal 2"
    assert len(event.description) == DESCRIPTION_MAX_LENGTH


@pytest.mark.parametrize(
    "url, kept",
    [
        ("https://partner.example/agenda/inloop", "https://partner.example/agenda/inloop"),
        ("http://partner.example/a?b=c", "http://partner.example/a?b=c"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        ("vbscript:msgbox", ""),
        ("ftp://partner.example/x", ""),
        ("//partner.example/x", ""),
        ("https://user:pass@partner.example/", ""),
        ("https://partner.example:99999/", ""),
        ("https:///no-host", ""),
    ],
)
def test_only_web_addresses_are_kept_as_the_events_link(url, kept):
    assert only_event(URL=url).url == kept
    assert safe_url(url) == kept


@pytest.mark.parametrize(
    "status, kept",
    [("CONFIRMED", "CONFIRMED"), ("TENTATIVE", "TENTATIVE"), ("CANCELLED", "CANCELLED"),
     ("cancelled", "CANCELLED"), ("DRAFT", "CONFIRMED"), (None, "CONFIRMED")],
)  # fmt: skip
def test_the_status_is_one_of_three(status, kept):
    properties = {"STATUS": status} if status else {}
    event = only_event(**properties)

    assert event.status == kept
    assert event.cancelled == (kept == "CANCELLED")


def test_identity_and_change_markers_come_along():
    event = only_event(
        SEQUENCE="3",
        LAST_MODIFIED="20250301T101500Z",
        CATEGORIES=["Pleegzorg,Jeugdhulp", "Jeugdhulp", "Onderwijs"],
    )

    assert event.uid == "event-1@partner.example"
    assert event.sequence == 3
    assert event.last_modified.isoformat() == "2025-03-01T10:15:00+00:00"
    assert event.dtstamp.isoformat() == "2025-01-01T09:00:00+00:00"
    assert event.categories == ("Pleegzorg", "Jeugdhulp", "Onderwijs")
    assert event.key == ("event-1@partner.example", "")


def test_the_fingerprint_follows_content_not_the_stamp():
    base = parse(calendar(vevent(DTSTART=START, SUMMARY="Inloop"))).events[0]
    restamped = parse(
        calendar(vevent(DTSTART=START, SUMMARY="Inloop").replace("20250101T090000Z", "20250601T0"
                                                                   "00000Z"))
    ).events[0]  # fmt: skip
    renamed = parse(calendar(vevent(DTSTART=START, SUMMARY="Inloop (vol)"))).events[0]

    assert restamped.dtstamp != base.dtstamp
    assert restamped.fingerprint() == base.fingerprint()
    assert renamed.fingerprint() != base.fingerprint()


def test_an_event_without_uid_or_start_is_skipped_with_its_reason():
    feed = parse(
        calendar(
            vevent(uid=None, DTSTART=START, SUMMARY="Zonder UID"),
            vevent(uid="geen-start", SUMMARY="Zonder begin"),
            vevent(uid="kapot", DTSTART="2025-03-12", SUMMARY="Onleesbaar begin"),
            vevent(uid="goed", DTSTART=START),
        )
    )

    assert [e.uid for e in feed.events] == ["goed"]
    assert [(p.code, p.uid, p.summary, p.skipped) for p in feed.problems] == [
        ("no_uid", "", "Zonder UID", True),
        ("no_start", "geen-start", "Zonder begin", True),
        ("bad_date", "kapot", "Onleesbaar begin", True),
    ]
    assert feed.problems[0].message == (
        "De bijeenkomst heeft geen UID en is daardoor bij de volgende keer ophalen niet te "
        "herkennen."
    )


def test_of_two_copies_of_an_event_the_newest_is_kept():
    feed = parse(
        calendar(
            vevent(uid="dubbel", DTSTART=START, SUMMARY="Nieuw", SEQUENCE="2"),
            vevent(uid="dubbel", DTSTART=START, SUMMARY="Oud", SEQUENCE="1"),
        )
    )

    [event] = feed.events
    assert event.summary == "Nieuw"
    [problem] = feed.problems
    assert (problem.code, problem.skipped) == ("duplicate", False)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("&lt;b&gt;geen tag&lt;/b&gt;", "<b>geen tag</b>"),
        ("<!-- commentaar -->Zichtbaar", "Zichtbaar"),
        ("<div>Een</div><div>Twee</div>", "Een\nTwee"),
        ("<p>Een<p>Twee", "Een\n\nTwee"),
        ("Tekst <unclosed attr='", "Tekst <unclosed attr='"),  # text, escaped when shown
        (None, ""),
    ],
)
def test_plain_text(value, expected):
    assert plain_text(value) == expected
