"""The entry kinds, their fields and limits, and the sync constants: the one source.

A contract (the diary issue's "Entry kinds"). From this table the server builds its
marshmallow schemas (kinds.py), and `make kinds` writes static/js/kinds.generated.js, which
the app's validator (kinds.js), its forms and its sync engine read. tests/test_kinds.py
fails, saying "run make kinds", when the two disagree; both sides pass every case of
tests/cases/kinds.json.

Why Python is the source: the server is where a change is finally accepted or refused, the
table is plain data either side can read, and writing JavaScript from Python needs no tool
that the server does not already have.

A field spec is a plain dict (JSON, as the generated module carries it):
    type      int (whole number), number (decimals allowed), string (min/max length in
              characters, counted in code points), enum (`values`), date (YYYY-MM-DD),
              datetime (ISO 8601 with Z or +-HH:MM), list (of `item`, at most `max`),
              symptomRatings (name `key` -> rating `value`, at most `max`), presets (a list
              of objects of `fields`, at most `max`), rates (an object of `fields`)
    min, max  the range (inclusive; `exclusiveMin` makes the low end exclusive)
    step      an int field's values are multiples of it (the Bell scale's 10)
    required  a new record must have it, and it can never be cleared to null
    not_before  a datetime that must not be before the named field (an episode's end)
    input_step  a form's step for a decimal field (not a rule: any number is taken)
    unit      what the number counts, for the forms and the document
    doc       a sentence for the OpenAPI document (not sent to the app)
    prose     free text the person writes (a note, a dose's reason): what a share's notes
              setting covers (server/patients.py); not sent to the app
"""

from __future__ import annotations

import json
from typing import Any

CATEGORIES = ("physical", "cognitive", "emotional", "social", "sensory", "orthostatic")
INTENSITIES = ("light", "moderate", "hard")
REST_KINDS = ("lying", "nap", "meditation", "sitting", "other")
UNITS = ("mg", "g", "mcg", "ml", "drops", "tablet", "capsule", "puff", "IU", "other")
SEVERITIES = ("mild", "moderate", "severe", "very_severe")
THEMES = ("system", "light", "dark", "dim")
# Questionnaires the app offers with their original wording (README: why only these).
INSTRUMENTS = ("dsq_pem",)
ENUMS = {"CATEGORIES": CATEGORIES, "INTENSITIES": INTENSITIES, "REST_KINDS": REST_KINDS,
         "UNITS": UNITS, "SEVERITIES": SEVERITIES, "THEMES": THEMES,
         "INSTRUMENTS": INSTRUMENTS}

MAX_ITEMS = 50  # lists and the symptoms object

# Sync (the accounts-and-sync issue's contract): both sides read these.
SYNC = {
    "protocol": 1,
    "max_changes": 500,  # a push's most changes (more: 413); the app's batch
    "pull_limit_default": 500,
    "pull_limit_max": 1000,
    "max_skew_ms": 5 * 60_000,  # a stamp further ahead of the server's clock is refused
}

Spec = dict[str, Any]


def whole(low: int, high: int, **extra: Any) -> Spec:
    return {"type": "int", "min": low, "max": high, **extra}


def number(low: float, high: float, **extra: Any) -> Spec:
    return {"type": "number", "min": low, "max": high, **extra}


def text(low: int, high: int, **extra: Any) -> Spec:
    return {"type": "string", "min": low, "max": high, **extra}


def choice(values: tuple[str, ...], **extra: Any) -> Spec:
    return {"type": "enum", "values": list(values), **extra}


def names() -> Spec:
    return {"type": "list", "max": MAX_ITEMS, "item": text(1, 100)}


def note() -> Spec:
    return text(0, 5000, prose=True)


def for_clinician() -> Spec:
    return {"type": "boolean", "doc": "The person marked this entry (its note above all) for "
                                      "their clinician: the shared report lists it."}


def item_ratings(doc: str) -> Spec:
    """A questionnaire's ratings: item number ("1", "2", ...) -> 0-4, as the instrument scores."""
    return {"type": "symptomRatings", "max": MAX_ITEMS,
            "key": text(1, 100, doc='Use an item number of 1 to 100 characters, such as "1".'),
            "value": whole(0, 4), "doc": doc}


REQUIRED = {"required": True}
# A snapshot rates a few symptoms at most: it is a quick reading, not a check-in.
SNAPSHOT_SYMPTOMS = 3

# The field that holds when an entry happened; its date part is the entry's local calendar
# day (the ISO time keeps the offset it was written with). Settings have none.
TIME_FIELD = {
    "checkin": "date",
    "activity": "started_at",
    "rest": "started_at",
    "dose": "taken_at",
    "episode": "started_at",
    "questionnaire": "answered_at",
    "snapshot": "taken_at",
}

# About each kind, for the OpenAPI document.
ABOUT = {
    "checkin": "A day's check-in. The app's own id for it is checkin-<date>: one check-in a day.",
    "activity": "Something done that spends energy.",
    "rest": "A time of rest.",
    "dose": "A dose of a medicine or supplement.",
    "episode": "A crash or flare: from started_at to ended_at, which stays null while it lasts.",
    "settings": 'The person\'s settings: one record, id "settings". Null puts a default back.',
    "questionnaire": "A questionnaire the person answered (the DSQ-PEM's post-exertional malaise "
                     "items), rated item by item; items left unanswered are absent.",
    "snapshot": "How the person feels now: energy, and up to three symptoms, any number of "
                "times a day (the day's one check-in is separate and unchanged).",
}

KINDS: dict[str, dict[str, Spec]] = {
    "checkin": {
        "date": {"type": "date", **REQUIRED, "doc": "The person's local calendar day."},
        "energy": whole(0, 10),
        "mood": whole(0, 10),
        "sleep_hours": number(0, 24, input_step=0.5, unit="hours"),
        "sleep_quality": whole(0, 10),
        "symptoms": {"type": "symptomRatings", "max": MAX_ITEMS, "key": text(1, 100),
                     "value": whole(0, 10),
                     "doc": "Rating of each symptom, 0 (none) to 10 (worst)."},
        "resting_hr": whole(25, 220, unit="bpm", doc="Resting heart rate, beats per minute."),
        "hrv_ms": whole(1, 300, unit="ms", doc="Heart rate variability, milliseconds."),
        "upright_hours": number(0, 24, input_step=0.5, unit="hours"),
        "bell_score": whole(0, 100, step=10, doc="Bell CFIDS disability scale."),
        "energy_available": whole(0, 100),
        "energy_used": whole(0, 100),
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "activity": {
        "started_at": {"type": "datetime", **REQUIRED},
        "duration_min": whole(1, 1440, **REQUIRED, unit="minutes", doc="Minutes."),
        "category": choice(CATEGORIES, **REQUIRED),
        "intensity": choice(INTENSITIES, **REQUIRED),
        "name": text(1, 100, **REQUIRED),
        "points": number(0, 100, input_step=0.1, unit="points",
                         doc="Energy points; null means computed from the rates."),
        "avg_hr": whole(25, 250, unit="bpm", doc="Average heart rate, beats per minute."),
        "peak_hr": whole(25, 250, unit="bpm", doc="Peak heart rate, beats per minute."),
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "rest": {
        "started_at": {"type": "datetime", **REQUIRED},
        "duration_min": whole(1, 1440, **REQUIRED, unit="minutes", doc="Minutes."),
        "kind": choice(REST_KINDS, **REQUIRED),
        "quality": whole(0, 10),
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "dose": {
        "taken_at": {"type": "datetime", **REQUIRED},
        "substance": text(1, 100, **REQUIRED),
        "amount": number(0, 100_000, exclusiveMin=True, **REQUIRED, input_step="any",
                         doc="More than 0."),
        "unit": choice(UNITS, **REQUIRED),
        "reason": text(0, 200, prose=True),
        "effect": whole(-2, 2, doc="From -2 (much worse) to 2 (much better)."),
        "side_effects": names(),
        # The person's own opt-in, per dose: the app (while open) asks how it went a few
        # hours after taken_at. Absent means never asked (README "Reminders").
        "ask_effect": {"type": "boolean",
                       "doc": "Ask me how it went: while the app is open, it asks a few hours "
                              "after taken_at, unless the effect is already rated."},
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "episode": {
        "started_at": {"type": "datetime", **REQUIRED},
        "ended_at": {"type": "datetime", "not_before": "started_at",
                     "doc": "Not before started_at."},
        "severity": choice(SEVERITIES),
        "symptoms": names(),
        "suspected_triggers": names(),
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "settings": {
        "daily_budget_points": whole(1, 1000, unit="points"),
        "symptoms": names(),
        "activity_presets": {
            "type": "presets",
            "max": MAX_ITEMS,
            "doc": "One-tap activities.",
            "fields": {
                "name": text(1, 100, **REQUIRED),
                "category": choice(CATEGORIES, **REQUIRED),
                "intensity": choice(INTENSITIES, **REQUIRED),
                "minutes": whole(1, 1440, **REQUIRED, unit="minutes"),
                "points": number(0, 100, doc="Null means computed from the rates."),
            },
        },
        "points_per_hour": {
            "type": "rates",
            "doc": "Energy points an hour of activity costs, by intensity.",
            "fields": {level: number(0, 100, **REQUIRED, input_step="any", unit="points")
                       for level in INTENSITIES},
        },
        "hr_threshold": whole(40, 220, unit="bpm",
                              doc="Heart rate to stay below, beats per minute."),
        "age": whole(10, 120, unit="years"),
        "look_back_hours": whole(24, 168, unit="hours"),
        "theme": choice(THEMES),
    },
    "questionnaire": {
        "answered_at": {"type": "datetime", **REQUIRED, "doc": "When it was answered."},
        "instrument": choice(INSTRUMENTS, **REQUIRED,
                             doc="Which questionnaire: dsq_pem, the DePaul Symptom "
                                 "Questionnaire's post-exertional malaise items 1-5."),
        "frequency": item_ratings("How often, by item number: 0 none of the time, 1 a little "
                                  "of the time, 2 about half the time, 3 most of the time, "
                                  "4 all of the time."),
        "severity": item_ratings("How severe, by item number: 0 not present, 1 mild, "
                                 "2 moderate, 3 severe, 4 very severe."),
        "note": note(),
        "for_clinician": for_clinician(),
    },
    "snapshot": {
        "taken_at": {"type": "datetime", **REQUIRED, "doc": "When the person felt this."},
        "energy": whole(0, 10, **REQUIRED, doc="Energy now, 0 (none at all) to 10, as the "
                                               "check-in's."),
        "symptoms": {"type": "symptomRatings", "max": SNAPSHOT_SYMPTOMS, "key": text(1, 100),
                     "value": whole(0, 10),
                     "doc": "At most 3 symptoms now, each 0 (none) to 10 (worst), as the "
                            "check-in's."},
        "note": note(),
        "for_clinician": for_clinician(),
    },
}

# Each kind's prose fields (marked `prose` above), which a share may leave out.
PROSE_FIELDS = {kind: tuple(name for name, spec in fields.items() if spec.get("prose"))
                for kind, fields in KINDS.items()}


def _for_the_app(spec: Any) -> Any:
    """A spec without what only the server needs (its sentences, which fields are prose)."""
    if isinstance(spec, dict):
        return {key: _for_the_app(value) for key, value in spec.items()
                if key not in ("doc", "prose")}
    return spec


def generated_js() -> str:
    """static/js/kinds.generated.js, as `make kinds` writes it."""

    def constant(name: str, value: Any) -> str:
        return f"export const {name} = {json.dumps(value, indent=2)};\n"

    parts = [
        "// Generated from server/kind_table.py by `make kinds`: do not edit. The entry kinds,\n"
        "// their fields and limits, and the sync constants; kinds.js reads them and freezes\n"
        "// them. tests/test_kinds.py fails when this file and the table disagree.\n\n",
        *(constant(name, list(values)) for name, values in ENUMS.items()),
        constant("MAX_ITEMS", MAX_ITEMS),
        constant("SYNC", SYNC),
        constant("TIME_FIELD", TIME_FIELD),
        constant("KIND_FIELDS", _for_the_app(KINDS)),
    ]
    return "".join(parts)
