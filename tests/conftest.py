"""Test-wide settings: hypothesis never fails a test for being slow on a loaded CI machine."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "pyparity", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("pyparity")
