// Generated from server/kind_table.py by `make kinds`: do not edit. The entry kinds,
// their fields and limits, and the sync constants; kinds.js reads them and freezes
// them. tests/test_kinds.py fails when this file and the table disagree.

export const CATEGORIES = [
  "physical",
  "cognitive",
  "emotional",
  "social",
  "sensory",
  "orthostatic"
];
export const INTENSITIES = [
  "light",
  "moderate",
  "hard"
];
export const REST_KINDS = [
  "lying",
  "nap",
  "meditation",
  "sitting",
  "other"
];
export const UNITS = [
  "mg",
  "g",
  "mcg",
  "ml",
  "drops",
  "tablet",
  "capsule",
  "puff",
  "IU",
  "other"
];
export const SEVERITIES = [
  "mild",
  "moderate",
  "severe",
  "very_severe"
];
export const THEMES = [
  "system",
  "light",
  "dark",
  "dim"
];
export const INSTRUMENTS = [
  "dsq_pem"
];
export const MAX_ITEMS = 50;
export const SYNC = {
  "protocol": 1,
  "max_changes": 500,
  "pull_limit_default": 500,
  "pull_limit_max": 1000,
  "max_skew_ms": 300000
};
export const TIME_FIELD = {
  "checkin": "date",
  "activity": "started_at",
  "rest": "started_at",
  "dose": "taken_at",
  "episode": "started_at",
  "questionnaire": "answered_at",
  "snapshot": "taken_at"
};
export const KIND_FIELDS = {
  "checkin": {
    "date": {
      "type": "date",
      "required": true
    },
    "energy": {
      "type": "int",
      "min": 0,
      "max": 10
    },
    "mood": {
      "type": "int",
      "min": 0,
      "max": 10
    },
    "sleep_hours": {
      "type": "number",
      "min": 0,
      "max": 24,
      "input_step": 0.5,
      "unit": "hours"
    },
    "sleep_quality": {
      "type": "int",
      "min": 0,
      "max": 10
    },
    "symptoms": {
      "type": "symptomRatings",
      "max": 50,
      "key": {
        "type": "string",
        "min": 1,
        "max": 100
      },
      "value": {
        "type": "int",
        "min": 0,
        "max": 10
      }
    },
    "resting_hr": {
      "type": "int",
      "min": 25,
      "max": 220,
      "unit": "bpm"
    },
    "hrv_ms": {
      "type": "int",
      "min": 1,
      "max": 300,
      "unit": "ms"
    },
    "upright_hours": {
      "type": "number",
      "min": 0,
      "max": 24,
      "input_step": 0.5,
      "unit": "hours"
    },
    "bell_score": {
      "type": "int",
      "min": 0,
      "max": 100,
      "step": 10
    },
    "energy_available": {
      "type": "int",
      "min": 0,
      "max": 100
    },
    "energy_used": {
      "type": "int",
      "min": 0,
      "max": 100
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "activity": {
    "started_at": {
      "type": "datetime",
      "required": true
    },
    "duration_min": {
      "type": "int",
      "min": 1,
      "max": 1440,
      "required": true,
      "unit": "minutes"
    },
    "category": {
      "type": "enum",
      "values": [
        "physical",
        "cognitive",
        "emotional",
        "social",
        "sensory",
        "orthostatic"
      ],
      "required": true
    },
    "intensity": {
      "type": "enum",
      "values": [
        "light",
        "moderate",
        "hard"
      ],
      "required": true
    },
    "name": {
      "type": "string",
      "min": 1,
      "max": 100,
      "required": true
    },
    "points": {
      "type": "number",
      "min": 0,
      "max": 100,
      "input_step": 0.1,
      "unit": "points"
    },
    "avg_hr": {
      "type": "int",
      "min": 25,
      "max": 250,
      "unit": "bpm"
    },
    "peak_hr": {
      "type": "int",
      "min": 25,
      "max": 250,
      "unit": "bpm"
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "rest": {
    "started_at": {
      "type": "datetime",
      "required": true
    },
    "duration_min": {
      "type": "int",
      "min": 1,
      "max": 1440,
      "required": true,
      "unit": "minutes"
    },
    "kind": {
      "type": "enum",
      "values": [
        "lying",
        "nap",
        "meditation",
        "sitting",
        "other"
      ],
      "required": true
    },
    "quality": {
      "type": "int",
      "min": 0,
      "max": 10
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "dose": {
    "taken_at": {
      "type": "datetime",
      "required": true
    },
    "substance": {
      "type": "string",
      "min": 1,
      "max": 100,
      "required": true
    },
    "amount": {
      "type": "number",
      "min": 0,
      "max": 100000,
      "exclusiveMin": true,
      "required": true,
      "input_step": "any"
    },
    "unit": {
      "type": "enum",
      "values": [
        "mg",
        "g",
        "mcg",
        "ml",
        "drops",
        "tablet",
        "capsule",
        "puff",
        "IU",
        "other"
      ],
      "required": true
    },
    "reason": {
      "type": "string",
      "min": 0,
      "max": 200
    },
    "effect": {
      "type": "int",
      "min": -2,
      "max": 2
    },
    "side_effects": {
      "type": "list",
      "max": 50,
      "item": {
        "type": "string",
        "min": 1,
        "max": 100
      }
    },
    "ask_effect": {
      "type": "boolean"
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "episode": {
    "started_at": {
      "type": "datetime",
      "required": true
    },
    "ended_at": {
      "type": "datetime",
      "not_before": "started_at"
    },
    "severity": {
      "type": "enum",
      "values": [
        "mild",
        "moderate",
        "severe",
        "very_severe"
      ]
    },
    "symptoms": {
      "type": "list",
      "max": 50,
      "item": {
        "type": "string",
        "min": 1,
        "max": 100
      }
    },
    "suspected_triggers": {
      "type": "list",
      "max": 50,
      "item": {
        "type": "string",
        "min": 1,
        "max": 100
      }
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "settings": {
    "daily_budget_points": {
      "type": "int",
      "min": 1,
      "max": 1000,
      "unit": "points"
    },
    "symptoms": {
      "type": "list",
      "max": 50,
      "item": {
        "type": "string",
        "min": 1,
        "max": 100
      }
    },
    "activity_presets": {
      "type": "presets",
      "max": 50,
      "fields": {
        "name": {
          "type": "string",
          "min": 1,
          "max": 100,
          "required": true
        },
        "category": {
          "type": "enum",
          "values": [
            "physical",
            "cognitive",
            "emotional",
            "social",
            "sensory",
            "orthostatic"
          ],
          "required": true
        },
        "intensity": {
          "type": "enum",
          "values": [
            "light",
            "moderate",
            "hard"
          ],
          "required": true
        },
        "minutes": {
          "type": "int",
          "min": 1,
          "max": 1440,
          "required": true,
          "unit": "minutes"
        },
        "points": {
          "type": "number",
          "min": 0,
          "max": 100
        }
      }
    },
    "points_per_hour": {
      "type": "rates",
      "fields": {
        "light": {
          "type": "number",
          "min": 0,
          "max": 100,
          "required": true,
          "input_step": "any",
          "unit": "points"
        },
        "moderate": {
          "type": "number",
          "min": 0,
          "max": 100,
          "required": true,
          "input_step": "any",
          "unit": "points"
        },
        "hard": {
          "type": "number",
          "min": 0,
          "max": 100,
          "required": true,
          "input_step": "any",
          "unit": "points"
        }
      }
    },
    "hr_threshold": {
      "type": "int",
      "min": 40,
      "max": 220,
      "unit": "bpm"
    },
    "age": {
      "type": "int",
      "min": 10,
      "max": 120,
      "unit": "years"
    },
    "look_back_hours": {
      "type": "int",
      "min": 24,
      "max": 168,
      "unit": "hours"
    },
    "theme": {
      "type": "enum",
      "values": [
        "system",
        "light",
        "dark",
        "dim"
      ]
    }
  },
  "questionnaire": {
    "answered_at": {
      "type": "datetime",
      "required": true
    },
    "instrument": {
      "type": "enum",
      "values": [
        "dsq_pem"
      ],
      "required": true
    },
    "frequency": {
      "type": "symptomRatings",
      "max": 50,
      "key": {
        "type": "string",
        "min": 1,
        "max": 100
      },
      "value": {
        "type": "int",
        "min": 0,
        "max": 4
      }
    },
    "severity": {
      "type": "symptomRatings",
      "max": 50,
      "key": {
        "type": "string",
        "min": 1,
        "max": 100
      },
      "value": {
        "type": "int",
        "min": 0,
        "max": 4
      }
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  },
  "snapshot": {
    "taken_at": {
      "type": "datetime",
      "required": true
    },
    "energy": {
      "type": "int",
      "min": 0,
      "max": 10,
      "required": true
    },
    "symptoms": {
      "type": "symptomRatings",
      "max": 3,
      "key": {
        "type": "string",
        "min": 1,
        "max": 100
      },
      "value": {
        "type": "int",
        "min": 0,
        "max": 10
      }
    },
    "note": {
      "type": "string",
      "min": 0,
      "max": 5000
    },
    "for_clinician": {
      "type": "boolean"
    }
  }
};
