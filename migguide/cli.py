"""The `migguide` command: every management command of the project under one name,
e.g. `migguide demo`, `migguide countries load`, `migguide dossier export …`."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migguide.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["migguide", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
