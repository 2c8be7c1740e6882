from __future__ import annotations

from pathlib import Path

import pytest
from storytest import Story


@pytest.fixture
def story(tmp_path: Path) -> Story:
    """An empty story of the test's own, configured like the real site."""
    return Story(tmp_path / "story")
