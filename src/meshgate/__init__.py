"""meshgate: policy-as-code governance for Data Mesh data product descriptors.

The package is importable without loading its heavy dependencies; the pipeline
lives in :mod:`meshgate.pipeline` and the command line in :mod:`meshgate.cli`.
"""

from __future__ import annotations

from meshgate._version import __version__

__all__ = ["__version__"]
