#!/usr/bin/env python3
"""The engine check of docs/spec.md §16: `abcxyz sql` run inside real engines equals the engine.

For each data set (the bundled example, hand-made edge cases, `abcxyz generate` output) and
each set of method options, loads the rows into the engine, runs the script `abcxyz sql`
prints (split at the `;` that end its lines), and compares the views with `abcxyz classify`
and `abcxyz winback --format csv` field for field, in order: money, dates, counts, classes,
statuses, tiers and managers exactly, cycle_days as the same double, share and cv as the
engine prints them (6 decimals, as printf rounds) with the engine's value within 1e-9 of the
SQL's when the rounding is a near tie. The model summary view, exported, must give
`abcxyz model --summary` the very fit `abcxyz model FILE` gives.

    check_sql.py --abcxyz BIN --engine duckdb|postgres|spark [--keep DIR]

Exit 0: all equal; 1: a difference (printed); 77: the engine is not available here
("skipped: <engine> not available: why" on standard output).
"""
import argparse, csv, glob, io, json, os, pwd, shutil, subprocess, sys, tempfile, time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CLASSIFY = ["client", "revenue", "share", "abc", "cv", "xyz", "purchases", "first_purchase", "last_purchase",
            "cycle_days", "recency_days", "status", "annual_value", "aov", "ltv_loss", "tier", "manager"]
WINBACK = ["rank", "client", "tier", "abc", "xyz", "status", "ltv_loss", "annual_value", "recency_days",
           "cycle_days", "last_purchase", "manager"]
MONEY = {"revenue", "annual_value", "aov", "ltv_loss"}
DOUBLE_6 = {"share", "cv"}
SUMMARY = ["x", "t_x", "T", "m_x", "count"]


def skip(engine, why):
    print(f"skipped: {engine} not available: {why}")
    sys.exit(77)


# ---------------------------------------------------------------- data sets

EDGES = """client,date,amount,manager
Leap,2023-03-31,100.00,Anna
Leap,2023-04-01,100.00,Anna
Leap,2023-09-30,120.00,Anna
Leap,2024-02-29,150.00,Anna
Leap,2024-03-31,90.00,Anna
Refund,2023-06-01,300.00,Boris
Refund,2023-06-01,-300.00,Boris
Refund,2023-07-01,200.00,Boris
Refund,2023-08-15,-50.00,Boris
Refund,2023-09-01,250.00,
Refund,2023-10-01,200.00,
Refund,2023-12-01,-400.00,Boris
OnlyRefunds,2023-05-05,-20.00,Anna
OnlyRefunds,2023-06-05,-30.00,Anna
ZeroDay,2023-11-11,10.00,Anna
ZeroDay,2023-11-11,-10.00,Anna
ZeroDay,2024-01-11,40.00,Anna
SameDay,2024-01-05,10.00,Boris
SameDay,2024-01-05,15.50,Boris
SameDay,2024-01-20,25.50,Boris
SameDay,2024-02-04,25.50,Boris
SameDay,2024-02-19,25.50,Boris
Mgr,2023-05-01,500.00,Anna
Mgr,2024-01-10,500.00,Boris
Mgr,2024-03-01,500.00,Carl
Mgr,2024-03-01,20.00,Abe
Mgr,2024-03-02,30.00,
Mgr,2024-03-03,30.00,  
"Quote ""Q"", Inc.",2023-12-24,1000.00,"Lee, Ann"
"Quote ""Q"", Inc.",2024-02-24,1000.00,"Lee, Ann"
"a;b",2024-03-30,5.00,"x;y"
 Padded ,2024-01-02,80.00, Dora 
 Padded ,2024-03-02,80.00,Dora
Round,2023-12-01,10.005,Anna
Round,2024-01-01,-0.005,Anna
Round,2024-01-02,0.004,Anna
Round,2024-02-01,19.995,Anna
Round,2024-03-01,12.345,Anna
Leapling,2020-02-29,60.00,Eve
Leapling,2021-02-28,60.00,Eve
Leapling,2022-02-28,60.00,Eve
Leapling,2023-02-28,60.00,Eve
Leapling,2024-02-29,60.00,Eve
Weekly,2024-01-01,7.00,
Weekly,2024-01-08,7.00,
Weekly,2024-01-15,7.00,
Weekly,2024-01-22,7.00,
Weekly,2024-01-29,7.00,
Late,2024-03-31,1.00,Zed
Late,2024-03-31,2.00,Ann
"=cmd",2023-07-07,44.00,"@boss"
"=cmd",2023-08-07,44.00,"@boss"
"""

# §3's boundaries exactly: P80 is A (nothing above it); Q10 has 8000 of 10000 above it, 0.80,
# not below a: B; R5 has 0.90 above: B; S5 (after R5 by id) has 0.95 above, not below b: C.
BOUNDARY = """client,date,amount
P80,2025-01-10,8000.00
Q10,2025-02-10,1000.00
S5,2025-03-10,500.00
R5,2025-04-10,500.00
Nothing,2025-04-11,0.00
"""


# Figures worked out by hand, checked in the SQL's own output (besides equalling the engine's).
# Case 3, edges with the defaults (as-of 2024-03-31, the window (2023-03-31, 2024-03-31]):
#   Leap's revenue leaves out the row of 2023-03-31: 100 + 120 + 150 + 90 = 460.00;
#   Round's rows round half away from zero: 10.005 → 10.01, −0.005 → −0.01, 0.004 → 0.00,
#   19.995 → 20.00, 12.345 → 12.35: 3 purchase days, net 42.35, aov 42.35 / 3 = 14.1167 → 14.12;
#   Mgr's manager is Abe, the later of two rows on 2024-03-01 (later rows name no one);
#   " Padded " is Padded, with manager Dora; OnlyRefunds and ZeroDay's refunded day buy nothing.
# Case 5, --months 1: 2024-03-31 − 1 month = 2024-02-29, so Leap's window revenue is 90.000.
# Case 6, the boundary set: A, B, B, C (see BOUNDARY).
HAND = {
    3: [("Leap", "revenue", "460.00"), ("Round", "purchases", "3"), ("Round", "aov", "14.12"),
        ("Round", "revenue", "42.35"), ("Mgr", "manager", "Abe"), ("Padded", "manager", "Dora"),
        ("ZeroDay", "purchases", "1"), ("OnlyRefunds", None, None)],
    5: [("Leap", "revenue", "90.000")],
    6: [("P80", "abc", "A"), ("Q10", "abc", "B"), ("R5", "abc", "B"), ("S5", "abc", "C"), ("Nothing", None, None)],
}
HAND_ORDER = {6: ["P80", "Q10", "R5", "S5"]}


def check_by_hand(number, rows, scale, failures, case):
    by_client = {row[0]: row for row in rows}
    for client, column, expected in HAND.get(number, []):
        if column is None:
            if client in by_client:
                failures.append(f"{case}: by hand: {client} has no purchase day and must not be listed")
            continue
        if client not in by_client:
            failures.append(f"{case}: by hand: {client} is missing")
            continue
        got = field_text(column, by_client[client][CLASSIFY.index(column)], scale)
        if got != expected:
            failures.append(f"{case}: by hand: {client} {column} is {got!r}, worked out {expected!r}")
    if number in HAND_ORDER and [row[0] for row in rows] != HAND_ORDER[number]:
        failures.append(f"{case}: by hand: order {[row[0] for row in rows]}, worked out {HAND_ORDER[number]}")


def normalized_rows(path):
    """The rows of a clean export (comma, ISO dates, `.` decimals, optional spaces as thousands
    separators) as (client, date, amount, manager, line), ids as written (the SQL trims)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        rows = []
        for line, fields in enumerate(reader, start=1):
            if not fields:
                continue
            record = dict(zip(header, fields))
            amount = record["amount"].replace(" ", "").replace("\u00a0", "").replace("'", "")
            rows.append((record["client"], record["date"].strip()[:10], amount, record.get("manager", ""), line))
        return rows


def write_table_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(["client", "date", "amount", "manager", "line"])
        writer.writerows(rows)
    os.chmod(path, 0o644)


# ---------------------------------------------------------------- engines

class DuckDB:
    name = "duckdb"

    def __init__(self, work):
        try:
            import duckdb
        except ImportError as error:
            skip("duckdb", f"import duckdb: {error}")
        self.con = duckdb.connect()

    def load(self, table_csv):
        self.con.execute("DROP TABLE IF EXISTS abcxyz_input")
        self.con.execute(
            "CREATE TABLE abcxyz_input AS SELECT * FROM read_csv(?, header = true, quote = '\"', escape = '\"', "
            "delim = ',', columns = {'client': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,3)', "
            "'manager': 'VARCHAR', 'line': 'BIGINT'})", [table_csv])

    def run(self, statements):
        for statement in statements:
            self.con.execute(statement)

    def query(self, sql):
        return [tuple(row) for row in self.con.execute(sql).fetchall()]

    def close(self):
        self.con.close()


class Postgres:
    """Debian's server binaries: initdb and pg_ctl in a temporary folder, a unix socket there,
    no TCP; stopped by close()."""
    name = "postgres"

    def __init__(self, work):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        pg_ctl = bins[-1] if bins else shutil.which("pg_ctl")
        if not pg_ctl:
            skip("postgres", "no pg_ctl under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
        self.bin = os.path.dirname(pg_ctl)
        self.psql_path = os.path.join(self.bin, "psql") if os.path.exists(os.path.join(self.bin, "psql")) else shutil.which("psql")
        if not self.psql_path:
            skip("postgres", "no psql")
        self.dir = tempfile.mkdtemp(prefix="abcxyz-pg-", dir=work)
        os.chmod(self.dir, 0o755)
        self.as_user = []
        if os.geteuid() == 0:  # the server refuses to run as root
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                skip("postgres", "running as root and there is no postgres user to run the server as")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.dir, "data")
        self.port = str(20000 + os.getpid() % 20000)  # a socket file of its own: runs may overlap
        init = subprocess.run(self.as_user + [os.path.join(self.bin, "initdb"), "-D", self.data, "-A", "trust",
                                              "-U", "abcxyz", "-E", "UTF8", "--locale=C.UTF-8"],
                              capture_output=True, text=True)
        if init.returncode != 0:
            skip("postgres", "initdb failed: " + init.stderr.strip()[-300:])
        start = subprocess.run(self.as_user + [pg_ctl, "-D", self.data, "-l", os.path.join(self.dir, "log"), "-w",
                                               "-o", f"-k {self.dir} -c listen_addresses='' -p {self.port}", "start"],
                               capture_output=True, text=True)
        if start.returncode != 0:
            log = open(os.path.join(self.dir, "log")).read()[-500:] if os.path.exists(os.path.join(self.dir, "log")) else ""
            skip("postgres", "pg_ctl start failed: " + start.stderr.strip()[-300:] + log)
        self.pg_ctl = pg_ctl

    def psql(self, *arguments, stdin=None):
        run = subprocess.run([self.psql_path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-p", self.port,
                              "-U", "abcxyz", "-d", "postgres", *arguments], input=stdin, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError("psql: " + run.stderr)
        return run.stdout

    def load(self, table_csv):
        self.psql("-c", "DROP TABLE IF EXISTS abcxyz_input CASCADE")
        self.psql("-c", "CREATE TABLE abcxyz_input (client TEXT, date DATE, amount NUMERIC(18,3), manager TEXT, line BIGINT)")
        self.psql("-c", f"\\copy abcxyz_input FROM '{table_csv}' WITH (FORMAT csv, HEADER true)")

    def run(self, statements):
        self.psql(stdin="".join(statement + ";\n" for statement in statements))

    def query(self, sql):
        text = self.psql("--csv", "-P", "null=\\N", "-c", sql)
        rows = list(csv.reader(io.StringIO(text)))
        return [tuple(None if field == "\\N" else field for field in row) for row in rows[1:]]

    def close(self):
        subprocess.run(self.as_user + [self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class Spark:
    """Spark in local mode: one session for every data set (it takes seconds to start)."""
    name = "spark"

    def __init__(self, work):
        if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
            skip("spark", "no java (apt-get install default-jre-headless)")
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            skip("spark", f"import pyspark: {error}")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        try:
            self.spark = (SparkSession.builder.master("local[2]").appName("abcxyz-check")
                          .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                          .config("spark.sql.shuffle.partitions", "1").config("spark.sql.adaptive.enabled", "false")
                          .config("spark.sql.warehouse.dir", os.path.join(work, "spark-warehouse"))
                          .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={work}")
                          .getOrCreate())
        except Exception as error:  # no JVM that starts
            skip("spark", f"the session did not start: {error}")
        self.spark.sparkContext.setLogLevel("ERROR")

    def load(self, table_csv):
        frame = self.spark.read.csv(table_csv, header=True, quote='"', escape='"',
                                    schema="client STRING, date DATE, amount DECIMAL(18,3), manager STRING, line BIGINT")
        frame.cache().createOrReplaceTempView("abcxyz_input")  # small sets: one partition, read once

    def run(self, statements):
        for statement in statements:
            self.spark.sql(statement)

    def query(self, sql):
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def close(self):
        self.spark.stop()


ENGINES = {"duckdb": DuckDB, "postgres": Postgres, "spark": Spark}


# ---------------------------------------------------------------- comparing

def abcxyz(binary, *arguments):
    run = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"abcxyz {' '.join(arguments)}: exit {run.returncode}: {run.stderr}")
    return run.stdout


def statements_of(script):
    """Splits as any client may: at a `;` that ends a line; none may appear inside a statement."""
    pieces = script.split(";\n")
    if pieces[-1].strip():
        raise AssertionError("the script does not end with ';' and a line break")
    statements = [piece for piece in pieces[:-1]]
    for statement in statements:
        if ";" in statement:
            raise AssertionError(f"a ';' inside a statement: {statement[:200]}")
    return statements


def six(value):
    return "%.6f" % value


def same_fixed(sql_value, engine_text):
    """cv and share: the engine prints %.6f; equal printed, or the two values within 1e-9 across a tie."""
    if engine_text == "":
        return sql_value is None
    if sql_value is None:
        return False
    value = float(sql_value)
    if six(value) == engine_text:
        return True
    return abs(value - float(engine_text)) <= 0.5e-6 + 1e-9 and (abs(abs(value - float(engine_text)) - 0.5e-6) <= 1e-9)


def field_text(column, value, scale):
    """An engine's value in the engine's CSV spelling (for everything compared exactly)."""
    if value is None:
        return ""
    if column in MONEY:
        return f"{Decimal(str(value)):.{scale}f}"
    if column == "cycle_days":
        return repr(float(value))
    if column in ("purchases", "recency_days", "tier", "rank"):
        return str(int(value))
    return str(value)


def compare_listing(name, columns, engine_csv, sql_rows, scale, failures, case):
    expected = list(csv.reader(io.StringIO(engine_csv)))
    if expected[0] != columns:
        failures.append(f"{case}: {name}: engine header {expected[0]}")
        return
    expected = expected[1:]
    if len(expected) != len(sql_rows):
        failures.append(f"{case}: {name}: engine has {len(expected)} rows, SQL {len(sql_rows)}")
    for index, (want, got) in enumerate(zip(expected, sql_rows)):
        if len(got) != len(columns):
            failures.append(f"{case}: {name} row {index + 1}: SQL has {len(got)} columns")
            continue
        for column, text, value in zip(columns, want, got):
            if column in DOUBLE_6:
                ok = same_fixed(value, text)
            elif column == "cycle_days":
                ok = float(text) == float(value)
            elif column == "manager" or column == "client":
                ok = (value or "") == text
            else:
                ok = field_text(column, value, scale) == text
            if not ok:
                failures.append(f"{case}: {name} row {index + 1} ({want[columns.index('client')]}): "
                                f"{column}: engine {text!r}, SQL {value!r}")


def compare_model(binary, engine, data_file, options, model_options, work, failures, case):
    fit_file = json.loads(abcxyz(binary, "model", data_file, "--format", "json", "--quiet",
                                 *as_of_option(options), *model_options))
    rows = engine.query("SELECT x, t_x, " + ('"T"' if engine.name != "spark" else "`T`") + ", m_x, "
                        + ('"count"' if engine.name != "spark" else "`count`") + " FROM abcxyz_model_summary")
    summary = os.path.join(work, "summary.csv")
    with open(summary, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(SUMMARY)
        for x, tx, age, mx, count in rows:
            writer.writerow([int(x), repr(float(tx)), repr(float(age)), "" if mx is None else repr(float(mx)), int(count)])
    unit = [o for i, o in enumerate(model_options) if i > 0 and model_options[i - 1] == "--model-unit"]
    fit_summary = json.loads(abcxyz(binary, "model", "--summary", summary, "--format", "json", "--quiet",
                                    *(["--model-unit", unit[0]] if unit else [])))
    for key in ("clients", "repeaters", "bgnbd", "pareto_nbd", "gamma_gamma", "unit"):
        if fit_file.get(key) != fit_summary.get(key):
            failures.append(f"{case}: model {key}: from the file {fit_file.get(key)}, from the summary view "
                            f"{fit_summary.get(key)}")


def as_of_option(options):
    for i, option in enumerate(options):
        if option == "--as-of":
            return ["--as-of", options[i + 1]]
    return []


def scale_of(options):
    for i, option in enumerate(options):
        if option == "--scale":
            return int(options[i + 1])
    return 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--abcxyz", required=True)
    parser.add_argument("--engine", required=True, choices=sorted(ENGINES))
    parser.add_argument("--keep", help="keep the data sets and scripts in DIR")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.abcxyz)
    work = arguments.keep or tempfile.mkdtemp(prefix="abcxyz-sql-check-")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)
    started = time.time()

    sets = {"example": os.path.join(ROOT, "fixtures", "example", "transactions.csv")}
    for name, text in (("edges", EDGES), ("boundary", BOUNDARY)):
        sets[name] = os.path.join(work, name + ".csv")
        with open(sets[name], "w", encoding="utf-8") as f:
            f.write(text)
    sets["generated"] = os.path.join(work, "generated.csv")
    abcxyz(binary, "generate", "--rows", "12000", "--clients", "300", "--years", "3", "--end", "2024-03-31",
           "--seed", "15", "--quiet", "-o", sets["generated"], "--truth", os.path.join(work, "generated.truth.csv"))

    order = ["--row-order", "line"]
    cases = [
        ("example", [], [], order),
        ("example", ["--abc-measure", "revenue", "--xyz-measure", "revenue"], None, []),
        ("edges", [], [], order),
        ("edges", ["--as-of", "2024-02-29", "--period", "week", "--months", "6", "--xyz-measure", "purchase-days",
                   "--min-periods", "2"], ["--occasions", "transaction-days", "--model-unit", "day"], order),
        ("edges", ["--abc-measure", "revenue", "--xyz-measure", "revenue", "--months", "1", "--min-periods", "2",
                   "--scale", "3"], None, order),
        ("boundary", [], None, []),
        ("generated", [], [], order),
        ("generated", ["--as-of", "2024-02-29", "--months", "2", "--xyz-measure", "revenue", "--min-periods", "2"],
         None, order),
        ("generated", ["--period", "quarter", "--months", "3", "--abc", "0.5,0.9", "--xyz", "0.3,0.6",
                       "--margin", "0.35", "--horizon", "2", "--tiers", "1,2,3,2,3,4,3,4,4", "--min-intervals", "1",
                       "--min-cycle", "0", "--fallback-cycle", "45", "--at-risk-factor", "1.2", "--lost-factor", "2.5",
                       "--scale", "0"], None, order),
        ("generated", ["--abc-measure", "revenue", "--lost-factor", "1.25", "--margin", "0.1", "--period", "week",
                       "--months", "10", "--xyz-measure", "purchase-days"], None, order),
    ]

    if arguments.engine == "spark" and not os.environ.get("ABCXYZ_SQL_ALL_CASES"):
        # Every data set, fewer option sets: each Spark query is many stages of seconds.
        chosen = (1, 3, 4, 6, 7, 9)
    else:
        chosen = range(1, len(cases) + 1)
    engine = ENGINES[arguments.engine](work)
    failures = []
    checked = 0
    try:
        loaded = None
        for number, (data, options, model_options, sql_options) in enumerate(cases, start=1):
            if number not in chosen:
                continue
            case = f"{arguments.engine} case {number} ({data} {' '.join(options) or 'defaults'})"
            table_csv = os.path.join(work, data + ".table.csv")
            if loaded != data:
                write_table_csv(normalized_rows(sets[data]), table_csv)
                engine.load(table_csv)
                loaded = data
            script_path = os.path.join(work, f"case{number}.{arguments.engine}.sql")
            abcxyz(binary, "sql", "--dialect", arguments.engine, "--table", "abcxyz_input", *sql_options, *options,
                   *(model_options or []), "-o", script_path)
            script = open(script_path, encoding="utf-8").read()
            try:
                engine.run(statements_of(script))
            except Exception as error:
                failures.append(f"{case}: the script failed: {error}")
                continue
            scale = scale_of(options)
            for name, columns, command in (("classify", CLASSIFY, "classify"), ("winback", WINBACK, "winback")):
                engine_csv = abcxyz(binary, command, sets[data], "--format", "csv", "--formula-guard", "off", "--quiet",
                                    *options)
                sql_rows = engine.query(f"SELECT {', '.join(columns)} FROM abcxyz_{name}")
                compare_listing(name, columns, engine_csv, sql_rows, scale, failures, case)
                if name == "classify":
                    check_by_hand(number, sql_rows, scale, failures, case)
            if model_options is not None:
                compare_model(binary, engine, sets[data], options, model_options, work, failures, case)
            checked += 1
    finally:
        engine.close()
    for failure in failures[:60]:
        print(failure)
    if len(failures) > 60:
        print(f"… and {len(failures) - 60} more")
    print(f"{arguments.engine}: {checked} of {len(chosen)} cases over {len(sets)} data sets run, "
          f"{len(failures)} differences, {time.time() - started:.1f} s")
    if not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
