"""Test-wide settings: hypothesis never fails a test for being slow on a loaded CI machine."""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "pyparity", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("pyparity")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read every file: a cache written into the fixture folders would be theirs to
    clean up. The cache's own tests turn it back on."""
    monkeypatch.setenv("PYPARITY_NO_CACHE", "1")
    monkeypatch.delenv("PYPARITY_CACHE_DIR", raising=False)
