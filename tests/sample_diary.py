"""A made-up but realistic pacing diary, as an Envelope JSON export.

Deterministic for a given seed, so the README's screenshots stay the same from
run to run and the benchmark measures the same data every time. About nine
entries a day: a check-in, five activities, a rest, two doses, and now and then
a crash. Three years of it is about 10,000 records.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone

NODE = "5ca1ab1e0000c0de"  # the node id of the made-up device that wrote it all

# name, category, intensity, typical minutes
ACTIVITIES = [
    ("Shower", "physical", "moderate", 15),
    ("Reading", "cognitive", "light", 30),
    ("Cooking", "physical", "moderate", 25),
    ("Email", "cognitive", "moderate", 20),
    ("Phone call with mum", "social", "moderate", 15),
    ("Walk to the corner", "physical", "hard", 10),
    ("Standing to wash up", "orthostatic", "moderate", 10),
    ("TV", "sensory", "light", 45),
    ("GP appointment", "social", "hard", 40),
]
RESTS = ["lying", "nap", "meditation", "sitting"]
SYMPTOMS = ["fatigue", "brain fog", "muscle or joint pain", "headache", "unrefreshing sleep"]
RATES = {"light": 10, "moderate": 20, "hard": 40}  # the app's default points per hour
BUDGET = 40


def stamp(moment: datetime) -> str:
    """A stamp in the HLC's fixed-width form, for a write made at `moment`."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z-0000-{NODE}"


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def record(id_: str, kind: str, data: dict, written: datetime) -> dict:
    return {
        "id": id_,
        "kind": kind,
        "data": data,
        "deleted": False,
        "created_at": iso(written),
        "updated_at": iso(written),
        "field_hlcs": {field: stamp(written) for field in data},
    }


def entry_id(rng: random.Random, moment: datetime) -> str:
    """A UUIDv7 for an entry written at `moment` (random bits from the seeded generator)."""
    millis = int(moment.timestamp() * 1000)
    bits = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
    bits |= rng.getrandbits(62)
    hex_ = f"{bits:032x}"
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


def day_records(rng: random.Random, day: date, tz: timezone, crash: bool) -> list[dict]:
    at = lambda hour, minute=0: datetime.combine(day, time(hour, minute), tz)  # noqa: E731
    energy = rng.randint(1, 3) if crash else rng.randint(3, 6)
    out = [record(f"checkin-{day.isoformat()}", "checkin", {
        "date": day.isoformat(),
        "energy": energy,
        "mood": rng.randint(3, 7),
        "sleep_hours": round(rng.uniform(5.5, 9.5), 1),
        "sleep_quality": rng.randint(2, 7),
        "symptoms": {name: rng.randint(1, 8 if crash else 5) for name in rng.sample(SYMPTOMS, 3)},
        "resting_hr": rng.randint(62, 78),
    }, at(9, 5))]

    for hour in sorted(rng.sample(range(8, 20), 5)):
        name, category, intensity, minutes = rng.choice(ACTIVITIES)
        minutes = max(5, minutes + rng.randint(-5, 10))
        started = at(hour, rng.choice([0, 15, 30, 45]))
        data = {
            "started_at": iso(started),
            "duration_min": minutes,
            "category": category,
            "intensity": intensity,
            "name": name,
            "points": min(100, round(minutes / 60 * RATES[intensity], 1)),
        }
        if category == "physical" and rng.random() < 0.4:
            data["avg_hr"] = rng.randint(85, 115)
            data["peak_hr"] = data["avg_hr"] + rng.randint(5, 25)
        ended = started + timedelta(minutes=minutes)
        out.append(record(entry_id(rng, started), "activity", data, ended))

    rested = at(14, rng.choice([0, 30]))
    out.append(record(entry_id(rng, rested), "rest", {
        "started_at": iso(rested), "duration_min": rng.choice([20, 30, 45, 60]),
        "kind": rng.choice(RESTS), "quality": rng.randint(3, 8),
    }, rested + timedelta(hours=1)))

    # Low-dose naltrexone titrated up over the weeks, and a daily magnesium.
    weeks = (day - date(2000, 1, 1)).days // 7
    ldn = [0.5, 1, 1.5, 2, 3, 4, 4.5][min(6, weeks % 40 // 4)]
    for taken, substance, amount, unit in [(at(21), "LDN", ldn, "mg"),
                                           (at(8, 30), "Magnesium", 200, "mg")]:
        data = {"taken_at": iso(taken), "substance": substance, "amount": amount, "unit": unit}
        if rng.random() < 0.3:
            data["effect"] = rng.choice([-1, 0, 0, 1])
        out.append(record(entry_id(rng, taken), "dose", data, taken))

    if crash:
        started = at(7, 30)
        out.append(record(entry_id(rng, started), "episode", {
            "started_at": iso(started), "severity": rng.choice(["mild", "moderate", "severe"]),
            "symptoms": rng.sample(SYMPTOMS, 2), "suspected_triggers": ["GP appointment"],
        }, started))
    return out


def sample_export(last_day: date, days: int, seed: int = 7,
                  tz: timezone = UTC, today_check_in: bool = True) -> dict:
    """An export of `days` days of diary ending with `last_day`.

    With `today_check_in` false, the last day has no check-in yet (for showing
    the check-in form on a day that has other entries).
    """
    rng = random.Random(seed)
    started = datetime.combine(last_day - timedelta(days=days - 1), time(9, 0), tz)
    # The person set a smaller budget than the default on their first day.
    records = [record("settings", "settings", {"daily_budget_points": BUDGET}, started)]
    for offset in range(days - 1, -1, -1):
        day = last_day - timedelta(days=offset)
        found = day_records(rng, day, tz, crash=rng.random() < 0.05)
        if offset == 0:
            cutoff = datetime.combine(day, time(15, 0), tz)  # "now" is mid-afternoon
            found = [r for r in found if _when(r) <= cutoff
                     and (today_check_in or r["kind"] != "checkin")]
        records.extend(found)
    written = datetime.combine(last_day, time(15, 0), tz)
    return {"format": "envelope-export", "version": 1, "exported_at": iso(written),
            "records": records}


def _when(rec: dict) -> datetime:
    data = rec["data"]
    moment = data.get("started_at") or data.get("taken_at")
    return datetime.fromisoformat(moment) if moment else datetime.fromisoformat(rec["created_at"])
