import pytest


@pytest.fixture(autouse=True)
def english(app):
    """Service-level assertions read the English messages."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield
