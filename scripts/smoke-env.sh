#!/usr/bin/env bash
# Creates (once) a venv under .build/smoke/NAME with the given requirements, installs the built
# wheel into it (again whenever the wheel changed) and checks that `jupyter labextension list`
# there says OK for us. Usage: scripts/smoke-env.sh NAME WHEEL REQUIREMENT...
set -euo pipefail
name=$1 wheel=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.build/smoke/$name
python=${PYTHON:-python3}
# The filtered lines are pip's notes on this machine's extra local indexes, not problems.
pip_quiet() { "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 |
  { grep -v 'is ignored: it is neither a file nor a directory' || true; }; }

wanted="$*"
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$wanted" ]; then
  echo "smoke: creating $venv ($wanted)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  pip_quiet "$@"
  echo "$wanted" > "$venv/.requirements"
fi
digest=$(sha256sum "$wheel" | cut -d' ' -f1)
if [ "$(cat "$venv/.wheel" 2>/dev/null)" != "$digest" ]; then
  pip_quiet --force-reinstall --no-deps "$wheel"
  pip_quiet "$wheel"
  echo "$digest" > "$venv/.wheel"
fi

# Run as a user of that venv would: its own config and data only, nothing from HOME or .venv.
export JUPYTER_CONFIG_DIR=$venv/home/config JUPYTER_DATA_DIR=$venv/home/data
export JUPYTER_RUNTIME_DIR=$venv/home/runtime IPYTHONDIR=$venv/home/ipython
export JUPYTER_PREFER_ENV_PATH=1
unset JUPYTER_PATH JUPYTER_CONFIG_PATH
listing=$("$venv/bin/jupyter" labextension list 2>&1 | sed "s/\x1b\[[0-9;]*m//g")
echo "$listing" | sed -n '1p;/jupyterlab-sane/p' | sed "s/^/smoke $name: /"
if ! echo "$listing" | grep -E 'jupyterlab-sane .*enabled.* OK' >/dev/null ||
  echo "$listing" | grep -q 'not compatible'; then
  echo "$listing" >&2
  echo "smoke: jupyterlab-sane is not OK in $name" >&2
  exit 1
fi
