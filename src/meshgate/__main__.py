from __future__ import annotations

from meshgate.cli import main

raise SystemExit(main())
