"""Which distribution provides each top-level module, and at which version, in one environment.

`KERNEL_EXPRESSION` is what the kernel evaluates, silently, to answer for its own environment
(sent as a user expression with empty code and `silent: true`, as src/extract/kernelTypes.ts
asks for types: no history, no output, nothing bound in the user's namespace);
`current_environment()` runs the same code here, for `jupyter sane deps` (CI's environment).
"""

from __future__ import annotations

import json

# Python 3.9 has no packages_distributions(): the
# function reads top_level.txt and the files of each distribution instead.
SNIPPET = r"""
def _sane_environment():
    import importlib.metadata as md
    import json
    import sys

    distributions = {}
    modules = {}
    for dist in md.distributions():
        name = dist.metadata["Name"]
        if not name or name in distributions:
            continue  # the first on sys.path is the one imported
        distributions[name] = {"version": dist.version, "requires": dist.requires or []}
        if not hasattr(md, "packages_distributions"):
            tops = (dist.read_text("top_level.txt") or "").split()
            tops += [str(f).split("/")[0].split(".")[0] for f in (dist.files or [])]
            for top in set(t for t in tops if t.isidentifier()):
                modules.setdefault(top, []).append(name)
    if hasattr(md, "packages_distributions"):
        modules = {k: sorted(set(v)) for k, v in md.packages_distributions().items()}
    return json.dumps({
        "python": "%d.%d.%d" % sys.version_info[:3],
        "prefix": sys.prefix,
        "executable": sys.executable,
        "modules": modules,
        "distributions": distributions,
    })
"""
# The snippet runs in a namespace of its own, made and dropped inside the expression.
KERNEL_EXPRESSION = f"(lambda ns: (exec({SNIPPET!r}, ns), ns['_sane_environment']())[1])({{}})"


def current_environment():
    """The module -> distributions map and the versions of the environment running this."""
    namespace = {}
    exec(compile(SNIPPET, "<sane-environment>", "exec"), namespace)
    return json.loads(namespace["_sane_environment"]())


def parse_reply(text):
    """The kernel's answer (a repr of a JSON string, as user_expressions gives it), or None."""
    try:
        answer = json.loads(_unrepr(text))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return answer if isinstance(answer, dict) and "modules" in answer else None


def _unrepr(text):
    import ast

    value = ast.literal_eval(text)
    return value if isinstance(value, str) else ""
