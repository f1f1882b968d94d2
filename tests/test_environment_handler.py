"""`POST /jupyterlab-sane/environment`: authenticated, authorized, reads only, off the IO loop."""

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import HTTPClientError

from jupyterlab_sane.environment.installed import current_environment


class DenyAll(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        return False


@pytest.fixture
def authorizer():
    return None


@pytest.fixture
def jp_server_config(authorizer):
    app = {"jpserver_extensions": {"jupyterlab_sane": True}}
    if authorizer:
        app["authorizer_class"] = authorizer
    return {"ServerApp": app}


def post(jp_fetch, body, **kwargs):
    return jp_fetch(
        "jupyterlab-sane", "environment", method="POST", body=json.dumps(body), **kwargs
    )


@pytest.fixture
def project(jp_root_dir):
    folder = jp_root_dir / "project"
    (folder / ".git").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    (folder / "notebooks" / "helpers.py").write_text("")
    text = "# what the analysis needs\nnumpy>=1  # arrays\n"
    (folder / "requirements.txt").write_bytes(text.encode())
    return folder


async def test_findings_and_the_fix_for_an_undeclared_import(jp_fetch, project):
    environment = current_environment()
    response = await post(
        jp_fetch,
        {
            "path": "project/notebooks/nb.ipynb",
            "imports": ["numpy", "yaml", "helpers", "os"],
            "environment": environment,
            "pin": "==",
        },
    )
    reply = json.loads(response.body)
    assert reply["packages"] == ["numpy", "yaml"]
    assert [f["path"] for f in reply["files"]] == ["project/requirements.txt"]
    kinds = [(f["kind"], f.get("module")) for f in reply["findings"]]
    assert kinds == [("undeclared", "yaml"), ("no-lock", None)]
    version = environment["distributions"]["PyYAML"]["version"]
    assert reply["fix"] == {
        "path": "project/requirements.txt",
        "exists": True,
        "add": [f"PyYAML=={version}"],  # the file writes names in lower case: so does the fix
        "text": f"# what the analysis needs\nnumpy>=1  # arrays\npyyaml=={version}\n",
    }
    # Reads only: the file is as it was.
    assert (project / "requirements.txt").read_bytes().startswith(b"# what")
    assert b"PyYAML" not in (project / "requirements.txt").read_bytes()


async def test_without_a_kernel_it_says_so_and_names_no_version(jp_fetch, project):
    response = await post(
        jp_fetch, {"path": "project/notebooks/nb.ipynb", "imports": ["yaml"], "environment": None}
    )
    reply = json.loads(response.body)
    assert reply["kernel"] is False
    assert reply["findings"][0]["installed"] is None
    assert reply["fix"] is None
    assert "packages_distributions" in reply["expression"]


@pytest.mark.parametrize(
    "body",
    [
        {"imports": []},
        {"path": "nb.ipynb", "imports": "numpy"},
        {"path": "nb.ipynb", "environment": "x"},
        {"path": "nb.ipynb", "pin": "~="},
        {"path": "/etc/nb.ipynb"},
    ],
)
async def test_bad_requests_are_400(jp_fetch, body):
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, body)
    assert error.value.code == 400


async def test_outside_the_root_is_403(jp_fetch):
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, {"path": "../nb.ipynb", "imports": []})
    assert error.value.code == 403


async def test_a_request_without_a_token_is_refused(jp_fetch):
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, {"path": "nb.ipynb"}, headers={"Authorization": ""})
    assert error.value.code in (401, 403)


@pytest.mark.parametrize("authorizer", [DenyAll])
async def test_an_unauthorized_user_is_403(jp_fetch, project):
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, {"path": "project/notebooks/nb.ipynb", "imports": ["yaml"]})
    assert error.value.code == 403
    assert b"requirements" not in (error.value.response.body or b"")


async def test_a_pyproject_project_gets_the_fix_in_its_dependencies(jp_fetch, jp_root_dir):
    folder = jp_root_dir / "pyp"
    folder.mkdir()
    text = '[project]\nname = "p"\ndependencies = [\n    "numpy",\n]\n'
    (folder / "pyproject.toml").write_text(text)
    environment = current_environment()
    response = await post(
        jp_fetch, {"path": "pyp/nb.ipynb", "imports": ["yaml"], "environment": environment}
    )
    fix = json.loads(response.body)["fix"]
    version = environment["distributions"]["PyYAML"]["version"]
    assert fix["path"] == "pyp/pyproject.toml"
    assert fix["text"] == text.replace('"numpy",\n', f'"numpy",\n    "PyYAML>={version}",\n')


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\npython = "^3.10"\nnumpy = "^1"  # arrays\n',
            'PyYAML = ">={version}"\n',
        ),
        (
            "environment.yml",
            "dependencies:\n  - numpy  # arrays\n  - pip:\n",
            "    - PyYAML>={version}\n",
        ),
    ],
)
async def test_poetry_and_conda_projects_get_the_fix_in_their_file(
    jp_fetch, jp_root_dir, name, text, line
):
    folder = jp_root_dir / "lab"
    folder.mkdir()
    (folder / name).write_text(text)
    environment = current_environment()
    response = await post(
        jp_fetch, {"path": "lab/nb.ipynb", "imports": ["yaml"], "environment": environment}
    )
    fix = json.loads(response.body)["fix"]
    version = environment["distributions"]["PyYAML"]["version"]
    assert fix["path"] == f"lab/{name}"
    assert fix["text"] == text + line.format(version=version)
    assert (folder / name).read_text() == text  # reads only


async def test_where_the_kernel_s_environment_lives_and_its_imports_time(jp_fetch, project):
    from jupyterlab_sane.environment.handler import IMPORT_TIMES

    environment = current_environment()
    body = {"path": "project/notebooks/nb.ipynb", "imports": ["yaml"], "environment": environment}
    first = json.loads((await post(jp_fetch, body)).body)["location"]
    assert first["prefix"] == environment["prefix"]
    assert first["remote"] is False
    IMPORT_TIMES.wait(environment["executable"], ["yaml"], timeout=60)
    second = json.loads((await post(jp_fetch, body)).body)["location"]
    assert second["imports"]["seconds"]["yaml"] >= 0
    assert second["advice"] is None  # local disk
