from app.clock import now


def test_now_is_aware():
    assert now().tzinfo is not None
