import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_sane import __version__


async def test_health_answers_json_with_the_version(jp_fetch):
    response = await jp_fetch("jupyterlab-sane", "health")

    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    payload = json.loads(response.body)
    assert payload == {"version": __version__}


async def test_health_refuses_a_request_without_a_token(jp_fetch):
    # An empty Authorization header replaces the fixture's token: the request is anonymous.
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyterlab-sane", "health", headers={"Authorization": ""})

    assert error.value.code == 403
