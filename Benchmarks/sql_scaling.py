#!/usr/bin/env python3
"""The scaling figure of docs/spec.md §16: `abcxyz sql` inside Spark (local mode), DuckDB and
PostgreSQL on one generated file, beside `abcxyz classify` on the same file.

    Tests/SQL/with_engines.sh Benchmarks/sql_scaling.py --abcxyz .build/release/abcxyz \\
        [--rows 10000000] [--engines spark,duckdb,postgres] [--file /tmp/sales-10m.csv]

Generates the file (`abcxyz generate --rows N`, deleted afterwards unless --file is given and
exists), then times, each in a fresh session:
- abcxyz: `classify FILE --format csv -o … --winback-output …` (both listings from one run);
- each engine: loading the file into a table, then the script (views only: instant), then
  writing the three views' rows out (classify, winback, model summary), which is where the
  engine computes. Spark recomputes the shared views for each of the three (no caching).
Prints one line per program with seconds and rows/s (rows of the file over the compute time).
"""
import argparse, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "SQL"))
import check_sql  # noqa: E402  (the engines' start and stop, shared with the check)


def timed(action):
    start = time.time()
    result = action()
    return time.time() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--abcxyz", required=True)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--engines", default="spark,duckdb,postgres")
    parser.add_argument("--file")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.abcxyz)
    work = tempfile.mkdtemp(prefix="abcxyz-sql-bench-")
    os.chmod(work, 0o755)
    path = arguments.file or os.path.join(work, "sales.csv")
    generated = not os.path.exists(path)
    if generated:
        subprocess.run([binary, "generate", "--rows", str(arguments.rows), "-o", path, "--truth",
                        os.path.join(work, "truth.csv"), "--quiet"], check=True)
        os.chmod(path, 0o644)
    rows = sum(1 for _ in open(path, "rb")) - 1
    size = os.path.getsize(path) / 1e6
    print(f"file: {rows} rows, {size:.0f} MB")

    seconds, _ = timed(lambda: subprocess.run(
        [binary, "classify", path, "--format", "csv", "-o", os.path.join(work, "classify.csv"),
         "--winback-output", os.path.join(work, "winback.csv"), "--quiet"], check=True))
    print(f"abcxyz classify (reads the CSV, both listings): {seconds:.2f} s, {rows / seconds / 1e6:.2f} M rows/s")

    for engine in arguments.engines.split(","):
        script = subprocess.run([binary, "sql", "--dialect", engine, "--table", "abcxyz_input"],
                                capture_output=True, text=True, check=True).stdout
        statements = check_sql.statements_of(script)
        if engine == "spark":
            from pyspark.sql import SparkSession
            spark = (SparkSession.builder.master("local[2]").appName("abcxyz-bench")
                     .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                     .config("spark.driver.memory", "6g").config("spark.sql.shuffle.partitions", "8")
                     .config("spark.sql.warehouse.dir", os.path.join(work, "warehouse"))
                     .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={work}")
                     .getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            schema = "client STRING, date DATE, amount DECIMAL(18,2), manager STRING"
            load, _ = timed(lambda: spark.read.csv(path, header=True, schema=schema, quote='"', escape='"')
                            .write.mode("overwrite").parquet(os.path.join(work, "input.parquet")))
            spark.read.parquet(os.path.join(work, "input.parquet")).createOrReplaceTempView("abcxyz_input")
            for statement in statements:
                spark.sql(statement)

            def compute():
                for view in ("abcxyz_classify", "abcxyz_winback", "abcxyz_model_summary"):
                    spark.sql(f"SELECT * FROM {view}").write.mode("overwrite").csv(os.path.join(work, view))
            seconds, _ = timed(compute)
            spark.stop()
            print(f"spark local[2]: load CSV → parquet {load:.1f} s; the three views {seconds:.1f} s, "
                  f"{rows / seconds / 1e6:.2f} M rows/s")
        elif engine == "duckdb":
            import duckdb
            con = duckdb.connect()
            load, _ = timed(lambda: con.execute(
                "CREATE TABLE abcxyz_input AS SELECT * FROM read_csv(?, header = true, quote = '\"', escape = '\"', "
                "columns = {'client': 'VARCHAR', "
                "'date': 'DATE', 'amount': 'DECIMAL(18,2)', 'manager': 'VARCHAR'})", [path]))
            for statement in statements:
                con.execute(statement)

            def compute():
                for view in ("abcxyz_classify", "abcxyz_winback", "abcxyz_model_summary"):
                    con.execute(f"COPY (SELECT * FROM {view}) TO '{os.path.join(work, view + '.csv')}' (HEADER)")
            seconds, _ = timed(compute)
            con.close()
            print(f"duckdb: load {load:.1f} s; the three views {seconds:.1f} s, {rows / seconds / 1e6:.2f} M rows/s")
        elif engine == "postgres":
            server = check_sql.Postgres(work)
            try:
                server.psql("-c", "ALTER SYSTEM SET work_mem = '256MB'")  # sorts in memory, as a warehouse would
                server.psql("-c", "SELECT pg_reload_conf()")
                server.psql("-c", "CREATE TABLE abcxyz_input (client TEXT, date DATE, amount NUMERIC(18,2), manager TEXT)")
                load, _ = timed(lambda: server.psql("-c", f"\\copy abcxyz_input FROM '{path}' WITH (FORMAT csv, HEADER true)"))
                server.psql("-c", "ANALYZE abcxyz_input")
                server.run(statements)

                def compute():
                    for view in ("abcxyz_classify", "abcxyz_winback", "abcxyz_model_summary"):
                        server.psql("-c", f"\\copy (SELECT * FROM {view}) TO '{os.path.join(work, view + '.pg.csv')}' WITH (FORMAT csv)")
                seconds, _ = timed(compute)
            finally:
                server.close()
            print(f"postgres: COPY {load:.1f} s; the three views {seconds:.1f} s, {rows / seconds / 1e6:.2f} M rows/s")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
