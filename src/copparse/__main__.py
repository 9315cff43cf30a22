"""``python -m copparse``: the same as the ``copparse`` command."""

from copparse.cli import main

raise SystemExit(main())
