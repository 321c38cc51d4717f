import pytest
from tally.auth import login, hash_password


def test_login_ok(client):
    r = client.post("/login", data={"user": "alice", "password": "test-password"})
    assert r.status_code == 200


def test_hash():
    assert hash_password("hunter2") != "hunter2"


@pytest.fixture
def api_client():
    return ApiClient(api_key="test-api-key", secret="dummy-secret")
