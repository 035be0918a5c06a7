"""Options and fixtures shared by every test folder.

Add to this file; do not remove what others rely on.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="Rewrite tests/golden/ from the current build instead of comparing against it "
             "(review the diff with git before committing).")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --regen-golden."""
    return bool(request.config.getoption("--regen-golden"))
