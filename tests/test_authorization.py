"""The health endpoint asks jupyter_server's authorizer, as core endpoints do (finding 4)."""

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import HTTPClientError

# The resource our handlers name to the authorizer (jupyterlab_sane.handlers.AUTH_RESOURCE).
AUTH_RESOURCE = "sane"
ASKED = []


class DenyAll(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        ASKED.append((action, resource))
        return False


class AllowAll(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        ASKED.append((action, resource))
        return True


@pytest.fixture
def authorizer():
    return DenyAll


@pytest.fixture
def jp_server_config(authorizer):
    ASKED.clear()
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_sane": True},
            "authorizer_class": authorizer,
        }
    }


async def test_under_a_deny_all_authorizer_health_is_403_like_core_endpoints(jp_fetch):
    with pytest.raises(HTTPClientError) as core:
        await jp_fetch("api", "kernels")
    assert core.value.code == 403
    with pytest.raises(HTTPClientError) as ours:
        await jp_fetch("jupyterlab-sane", "health", params={"path": ""})
    assert ours.value.code == 403
    # Nothing of the readings (kernel ids, memory) in the refusal.
    assert b"kernels" not in (ours.value.response.body or b"")
    assert ("read", AUTH_RESOURCE) in ASKED


@pytest.mark.parametrize("authorizer", [AllowAll])
async def test_the_authorizer_is_asked_to_read_our_resource(jp_fetch):
    response = await jp_fetch("jupyterlab-sane", "health")
    assert response.code == 200
    assert "memory" in json.loads(response.body)
    assert ("read", AUTH_RESOURCE) in ASKED
