"""Print the requirements of pyproject.toml's optional extras, one per line.

The Makefile installs them into .venv before the package itself, so the dependency list lives
in one place (pyproject.toml) and the editable install can skip build isolation.
"""

import sys
from pathlib import Path

import tomllib


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads(Path("pyproject.toml").read_text())["project"]
    name = project["name"]
    optional = project.get("optional-dependencies", {})
    seen: list[str] = list(project.get("dependencies", []))
    pending = list(extras)
    while pending:
        for requirement in optional[pending.pop()]:
            if requirement.startswith(f"{name}["):
                # A self-reference such as jupyterlab_sane[dev]: expand it instead.
                pending.extend(requirement[len(name) + 1 : -1].split(","))
            elif requirement not in seen:
                seen.append(requirement)
    return seen


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1:])))
