import Foundation
import Testing

/// The script of `abcxyz sql` (docs/spec.md §16) run inside the engines themselves:
/// `Tests/SQL/check_sql.py` loads the bundled example, hand-made edge cases and generated
/// sets into DuckDB (PyPI), PostgreSQL (Debian's server, started on a socket in a
/// temporary folder) and Spark in local mode (PyPI's pyspark on Debian's OpenJDK), and
/// compares the views with `classify`, `winback` and the model's fit field for field.
/// An engine that cannot be had is skipped (and said so), unless ABCXYZ_REQUIRE_SQL=1
/// makes its absence a failure.
enum SQLEngines {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["ABCXYZ_REQUIRE_SQL"] == "1"
    static let folder = repositoryRoot.appendingPathComponent("Tests/SQL").path

    /// Python with duckdb and pyspark, from the virtual environment `with_engines.sh` makes.
    static let python: Bool = {
        (try? withEngines(["-c", "import duckdb, pyspark"]).status) == 0
    }()

    static let postgres: Bool = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/pg_ctl") }
    }()

    static let java: Bool = {
        (environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/java")
        }
    }()

    static func available(_ engine: String) -> Bool {
        switch engine {
        case "duckdb": python
        case "postgres": postgres
        default: python && java
        }
    }

    static func withEngines(_ arguments: [String]) throws -> Binary.Run {
        try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["bash", folder + "/with_engines.sh"] + arguments)
    }

    /// Runs the check on one engine: passes, fails with its differences, or (exit 77) says
    /// why the engine is missing, a failure only when the engines are required.
    static func check(_ engine: String) throws {
        let run = try withEngines([folder + "/check_sql.py", "--abcxyz", Binary.url.path, "--engine", engine])
        let skipped = run.status == 77 && !required
        #expect(run.status == 0 || skipped,
                "\(engine): exit \(run.status)\n\(run.standardOutput)\n\(String(run.standardError.suffix(3000)))")
        if run.status == 0 {
            print(run.standardOutput.split(separator: "\n").last.map(String.init) ?? "")
        } else if skipped {
            print(run.standardOutput.isEmpty ? "skipped: \(engine) not available" : run.standardOutput)
        }
    }
}

@Suite("abcxyz sql inside the engines equals classify, winback and the model (§16)")
struct SQLEngineTests {
    @Test("DuckDB", .enabled(if: SQLEngines.available("duckdb") || SQLEngines.required,
                             "skipped: duckdb not available (python3 -m venv; pip install duckdb pyspark)"))
    func duckdb() throws { try SQLEngines.check("duckdb") }

    @Test("PostgreSQL", .enabled(if: SQLEngines.available("postgres") || SQLEngines.required,
                                 "skipped: postgres not available (apt-get install postgresql)"))
    func postgres() throws { try SQLEngines.check("postgres") }

    @Test("Spark in local mode", .enabled(if: SQLEngines.available("spark") || SQLEngines.required,
                                          "skipped: spark not available (pip install pyspark; apt-get install default-jre-headless)"))
    func spark() throws { try SQLEngines.check("spark") }
}
