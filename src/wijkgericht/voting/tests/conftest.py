"""Shared helpers for the voting tests (no Django anywhere)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# src/wijkgericht/voting/tests/conftest.py -> parents[4] is the repository root; the data lives beside it
REPO_ROOT = Path(__file__).resolve().parents[4]
PABULIB_DIR = (REPO_ROOT / ".." / "shared" / "data" / "pabulib").resolve()


def pabulib_dir() -> Path:
    """The shipped pabulib instances; skip when absent, but fail on CI (CI=true) where they must be present."""
    if not PABULIB_DIR.is_dir() or not any(PABULIB_DIR.glob("*.pb")):
        message = (
            f"pabulib instances not found at {PABULIB_DIR} (expected ../shared/data/pabulib beside the repo)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return PABULIB_DIR


def pabulib_file(name: str) -> Path:
    path = pabulib_dir() / name
    if not path.is_file():
        message = f"pabulib instance {name} not found in {PABULIB_DIR}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
