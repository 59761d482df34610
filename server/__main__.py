"""Set-up commands that must run before the app can be created.

python -m server ensure-secret-key
"""

import argparse
import sys

from .config import ensure_secret_key, instance_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "ensure-secret-key",
        help="write a random secret key into the instance folder unless one is there",
    )
    args = parser.parse_args(argv)
    if args.command == "ensure-secret-key":
        path = ensure_secret_key(instance_path())
        print(f"secret key: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
