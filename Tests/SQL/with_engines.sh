#!/usr/bin/env bash
# Runs python3 with duckdb and pyspark: from a virtual environment this script makes (once) and
# fills with `pip install duckdb pyspark`. Exits 77 (skip) when that cannot be done.
# PostgreSQL is Debian's server (initdb, pg_ctl), found by check_sql.py itself.
#   with_engines.sh SCRIPT ARGS...
set -u
venv=${ABCXYZ_SQL_VENV:-${TMPDIR:-/tmp}/abcxyz-sql-venv}
exec 9>"$venv.lock" && flock 9  # tests run in parallel: one of them makes the environment
if ! "$venv/bin/python" -c 'import duckdb, pyspark' 2>/dev/null; then
    command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 77; }
    python3 -m venv "$venv" >&2 || { echo "python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 77; }
    "$venv/bin/pip" install -q duckdb pyspark >&2 || { echo "pip install duckdb pyspark failed" >&2; exit 77; }
fi
exec 9>&-
exec "$venv/bin/python" "$@"
