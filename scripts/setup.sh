#!/usr/bin/env bash
# Installs the system programs Living Image's tests use: redis-server (the Redis bus) and tmux
# (the end-to-end terminal test). Node packages come from `npm ci`; Python needs only numpy and pytest.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-benchmark >/dev/null 2>&1 || need+=(redis-tools)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]} with apt-get" >&2
    if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
    "${apt[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${need[@]}" >/dev/null
fi
python3 -c "import numpy" 2>/dev/null || { echo "setup: Python 3 with numpy is required (the forge's training runs on numpy)." >&2; exit 1; }
python3 -m pytest --version >/dev/null 2>&1 || { echo "setup: pytest is required for the forge's tests (python3 -m pytest)." >&2; exit 1; }
echo "setup: ok (redis-server, tmux, python3 with numpy and pytest)" >&2
