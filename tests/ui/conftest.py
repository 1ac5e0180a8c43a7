from __future__ import annotations

import pytest

from desktop.ui.operations import Operations


@pytest.fixture
def ops(branch_db, qtbot):
    return Operations(branch_db)


@pytest.fixture
def demo_ops(demo_db, qtbot):
    return Operations(demo_db)
