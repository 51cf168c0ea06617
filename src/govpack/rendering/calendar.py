"""An organisation's calendar for its members, as iCalendar (RFC 5545), made with the
icalendar library: its bodies' meetings, the days its documents are due for review,
and the day each person's declaration of interests is due again.

Guide 3.6 asks members to declare their interests and keep them up to date; govpack
holds them to a declaration every 12 months (rule interests-declared), so each
person's is due a year after their last. A calendar program subscribed to the file
shows what the organisation has to do and when; each event keeps its UID from one
build to the next, so a change of its time, place or review date moves it rather than
adding another (a meeting moved to another day is another file, and another event).
"""

from __future__ import annotations

import datetime
import gettext
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from govpack._version import __version__
from govpack.project import DECLARED_FOR, parse_date, years_after
from govpack.reading.assemble import Organisation
from govpack.reading.texts import localised

# Where the organisations govpack is for meet: a meeting's time is the local time there.
ZONE = ZoneInfo("Europe/London")
# The words of the events govpack makes up, in the message catalogues (catalogue.py).
REVIEW_DUE = "Review due: %(title)s"
DECLARATION_DUE = "Declaration of interests due: %(name)s"


def calendar(org: Organisation, lang: str, words: gettext.NullTranslations, stamp: datetime.date) -> bytes | None:
    """``org``'s calendar in ``lang``, its events' words from ``words``; ``stamp`` is
    the day it is made (its DTSTAMP, at midnight UTC: the run's day, never the clock,
    so that the same sources make the same bytes). None where it would have no event,
    which RFC 5545 does not allow a calendar."""
    events = [*_meetings(org, lang, words), *_reviews(org, lang, words), *_declarations(org, lang, words)]
    if not events:
        return None
    made = datetime.datetime.combine(stamp, datetime.time(), datetime.timezone.utc)
    name = localised(org.data["name"], lang)
    cal = Calendar()
    cal.add("prodid", f"-//govpack//govpack {__version__}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for uid, start, end, summary, extra in sorted(events, key=lambda e: (str(e[1]), e[0])):
        event = Event()
        event.add("uid", f"{uid}.{lang}@{org.slug}.govpack")
        event.add("dtstamp", made)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        event.add("summary", summary)
        for key, value in extra.items():
            event.add(key, value)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


Happening = tuple[str, Any, Any, str, dict[str, str]]  # uid, start, end, summary, other properties


def _meetings(org: Organisation, lang: str, words: gettext.NullTranslations) -> list[Happening]:
    """Each meeting, at its time where the record gives one, else all day; where it is,
    as the minutes say it: its place, and online where members join online."""
    found = []
    for doc in org.documents:
        if doc.meeting is None:
            continue
        data, day = localised(doc.data, lang), datetime.date.fromisoformat(doc.meeting.date)
        start: Any = day
        end: Any = None
        if "time" in data:
            start = datetime.datetime.combine(day, datetime.time.fromisoformat(data["time"]), ZONE)
            if "ends" in data:
                end = datetime.datetime.combine(day, datetime.time.fromisoformat(data["ends"]), ZONE)
        extra = {"description": localised(org.data["bodies"][doc.meeting.body]["name"], lang)}
        where = [*([data["place"]] if "place" in data else []), *([words.gettext("online")] if data.get("online") else [])]
        if where:
            extra["location"] = "; ".join(where)
        found.append((f"meeting-{doc.slug}", start, end, localised(doc.control["title"], lang), extra))
    return found


def _reviews(org: Organisation, lang: str, words: gettext.NullTranslations) -> list[Happening]:
    """The day each document in force (approved) is due for review, all day."""
    found = []
    for doc in org.documents:
        review = parse_date(str(doc.control.get("review", "")))
        if review is not None and doc.control.get("status") == "approved":
            title = localised(doc.control["title"], lang)
            found.append((f"review-{doc.slug}", review, None, words.gettext(REVIEW_DUE) % {"title": title}, {}))
    return found


def _declarations(org: Organisation, lang: str, words: gettext.NullTranslations) -> list[Happening]:
    """The day each person in the registers of interests not superseded is due to
    declare again: a year after their last declaration in any of them, all day."""
    entries = [entry for doc in org.documents if doc.type == "register-of-interests" and doc.control.get("status") != "superseded" for entry in doc.data.get("entries", ())]
    last: dict[str, datetime.date] = {}
    for entry in entries:
        declared = parse_date(str(entry.get("declared", "")))
        if declared is not None and entry["person"] in org.data.get("people", {}):
            last[entry["person"]] = max(declared, last.get(entry["person"], declared))
    found = []
    for person, declared in last.items():
        due = years_after(declared, DECLARED_FOR)
        who = localised(org.data["people"][person]["name"], lang)
        found.append((f"declaration-{person}", due, None, words.gettext(DECLARATION_DUE) % {"name": who}, {}))
    return found
