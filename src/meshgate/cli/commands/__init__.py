"""The commands: plain functions that take settled values and return an exit code."""

from __future__ import annotations
