#!/usr/bin/env python3
"""Runs duckdb_job.sql: duckdb_job.py INPUT CLASSIFY_OUT WINBACK_OUT [THREADS]."""
import os
import sys

import duckdb

here = os.path.dirname(os.path.abspath(__file__))
source, classify_out, winback_out = sys.argv[1:4]
threads = sys.argv[4] if len(sys.argv) > 4 else str(os.cpu_count())
script = open(os.path.join(here, "duckdb_job.sql"), encoding="utf-8").read()
for key, value in {"input": source, "classify_out": classify_out, "winback_out": winback_out,
                   "threads": threads}.items():
    script = script.replace("{" + key + "}", value.replace("'", "''"))
connection = duckdb.connect()
connection.execute(script)
