"""Set-up commands that must run before the app can be created, and the kinds' build.

python -m server ensure-secret-key
python -m server kinds        (make kinds: writes static/js/kinds.generated.js)
"""

import argparse
import sys
from pathlib import Path

from .config import ensure_secret_key, instance_path
from .kind_table import generated_js

GENERATED = Path(__file__).resolve().parent.parent / "static" / "js" / "kinds.generated.js"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "ensure-secret-key",
        help="write a random secret key into the instance folder unless one is there",
    )
    commands.add_parser(
        "kinds", help="write static/js/kinds.generated.js from server/kind_table.py")
    args = parser.parse_args(argv)
    if args.command == "ensure-secret-key":
        path = ensure_secret_key(instance_path())
        print(f"secret key: {path}")
    elif args.command == "kinds":
        GENERATED.write_text(generated_js(), encoding="utf-8")
        print(f"wrote {GENERATED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
