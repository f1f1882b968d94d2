"""Module to distribution, asked of a real ipykernel silently: right for its environment."""

import pytest
from jupyter_client.manager import start_new_kernel

from jupyterlab_sane.environment.installed import (
    KERNEL_EXPRESSION,
    current_environment,
    parse_reply,
)


@pytest.fixture(scope="module")
def kernel():
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def ask(client, expressions):
    msg_id = client.execute(
        "", silent=True, store_history=False, user_expressions=expressions, allow_stdin=False
    )
    while True:  # a reply to start-up's kernel_info may still be queued
        reply = client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def test_the_kernel_names_the_distribution_of_each_module_and_binds_nothing(kernel):
    content = ask(kernel, {"env": KERNEL_EXPRESSION})
    assert content["status"] == "ok"
    answer = parse_reply(content["user_expressions"]["env"]["data"]["text/plain"])
    assert answer is not None
    # The names that differ from their module: the reason this is asked at all.
    assert answer["modules"]["yaml"] == ["PyYAML"]
    assert "python-dateutil" in answer["modules"]["dateutil"]
    assert answer["distributions"]["PyYAML"]["version"]
    # The test kernel runs in this environment: the same answer as asked here.
    here = current_environment()
    assert answer["prefix"] == here["prefix"]
    assert answer["modules"]["numpy"] == here["modules"]["numpy"]
    # Nothing left behind in the user's namespace, nothing counted as an execution.
    left = ask(kernel, {"names": "sorted(k for k in globals() if 'sane' in k)"})
    assert left["user_expressions"]["names"]["data"]["text/plain"] == "[]"
    assert left["execution_count"] == content["execution_count"]


def test_an_error_or_a_silent_kernel_reads_as_no_answer():
    assert parse_reply("'not json'") is None
    assert parse_reply("42") is None
    assert parse_reply("") is None
