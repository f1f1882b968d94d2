"""The notebook's imports against the project's declarations and the environment's packages.

Kinds, as deptry names the first two for .py projects: `undeclared` (imported, declared by no
file: DEP001), `transitive` (imported, declared by nothing, installed because a declared
package needs it: DEP003), `not-installed` (declared, absent from the environment),
`version` (installed outside the declared range), `no-lock` (nothing pins the versions).
"""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

# Groups whose packages must be installed for the notebook to run (extras and dev groups may
# rightly be absent).
_RUNTIME_GROUPS = (None, "pip")


def findings(imports, declarations, environment):
    """The list of findings; `environment` None means no environment answered (no kernel)."""
    declared = _declared(declarations)
    installed = _installed(environment)
    found = []
    for top in imports["packages"]:
        found.extend(_import_finding(top, declared, installed, environment))
    if environment is not None:
        for name, requirement in declared.items():
            found.extend(_declared_finding(name, requirement, installed))
    if not declarations["locks"]:
        found.append({"kind": "no-lock", "message": "no lock file pins the versions"})
    return found


def undeclared(found):
    """The findings that make `jupyter sane deps` exit 1: imports no file declares."""
    return [f for f in found if f["kind"] in ("undeclared", "transitive")]


def _declared(declarations):
    """canonical name -> the first requirement declaring it (nearest file first)."""
    declared = {}
    for item in declarations["files"]:
        for requirement in item["requirements"]:
            entry = dict(requirement, file=item["path"])
            declared.setdefault(canonicalize_name(requirement["name"]), entry)
    return declared


def _installed(environment):
    if environment is None:
        return {}
    return {
        canonicalize_name(name): dict(info, name=name)
        for name, info in environment.get("distributions", {}).items()
    }


def _import_finding(top, declared, installed, environment):
    modules = (environment or {}).get("modules", {})
    distributions = modules.get(top) or []
    names = [canonicalize_name(d) for d in distributions] or [canonicalize_name(top)]
    if any(n in declared for n in names):
        return []
    if environment is None:
        return [_finding("undeclared", top, None, None, f"`{top}` is imported, declared nowhere")]
    if not distributions:
        message = f"`{top}` is imported, declared nowhere and not installed"
        return [_finding("undeclared", top, None, None, message)]
    dist = installed.get(names[0], {"name": distributions[0], "version": None})
    version = dist.get("version")
    via = _required_by(names[0], declared, installed)
    if via:
        message = (
            f"`{top}` ({dist['name']} {version}) is imported but declared by nothing: "
            f"it is installed because {via} needs it"
        )
        return [_finding("transitive", top, dist["name"], version, message, via=via)]
    message = f"`{top}` ({dist['name']} {version}) is imported but declared nowhere"
    return [_finding("undeclared", top, dist["name"], version, message)]


def _finding(kind, module, distribution, version, message, **extra):
    return {
        "kind": kind,
        "module": module,
        "distribution": distribution,
        "installed": version,
        "message": message,
        **extra,
    }


def _required_by(name, declared, installed):
    """A declared distribution whose requirements, followed through, include `name`."""
    for root in declared:
        seen, pending = {root}, [root]
        while pending:
            for child in _requires(installed.get(pending.pop(), {})):
                if child == name:
                    return declared[root]["name"]
                if child not in seen:
                    seen.add(child)
                    pending.append(child)
    return None


def _requires(info):
    names = []
    for text in info.get("requires", []):
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if requirement.marker and "extra" in str(requirement.marker):
            continue  # needed only with an extra the user may not have asked for
        names.append(canonicalize_name(requirement.name))
    return names


def _declared_finding(name, requirement, installed):
    if requirement["group"] not in _RUNTIME_GROUPS and not str(requirement["group"]).startswith(
        "include:"
    ):
        return []
    if requirement["marker"]:
        try:
            if not Requirement(requirement["text"]).marker.evaluate():
                return []
        except (InvalidRequirement, AttributeError):
            return []
    info = installed.get(name)
    where = requirement["file"]
    if info is None:
        message = f"{requirement['name']} is declared in {where} but not installed"
        return [_finding("not-installed", None, requirement["name"], None, message, file=where)]
    if not requirement["specifier"]:
        return []
    try:
        inside = SpecifierSet(requirement["specifier"]).contains(
            Version(info["version"]), prereleases=True
        )
    except (InvalidVersion, InvalidSpecifier):
        return []
    if inside:
        return []
    message = (
        f"{info['name']} {info['version']} is installed, outside "
        f"{requirement['specifier']} declared in {where}"
    )
    return [
        _finding(
            "version",
            None,
            info["name"],
            info["version"],
            message,
            file=where,
            declared=requirement["specifier"],
        )
    ]
