import pytest

from burdenshare.model.catalog import catalog


@pytest.fixture(scope="session")
def cat():
    return catalog("kr")
