import Foundation
import Testing

@Suite("abcxyz sql: the command line (docs/warehouse.md)")
struct SQLCommandTests {
    @Test("Without --dialect, with an unknown one, a FILE or a name that would split the script: exit 64")
    func usageErrors() throws {
        for (arguments, message) in [
            (["sql"], "--dialect is required: duckdb, postgres or spark"),
            (["sql", "--dialect", "oracle"], "--dialect must be one of duckdb, postgres, spark; got 'oracle'"),
            (["sql", "--dialect", "duckdb", "sales.csv"], "not a FILE: name it with --table"),
            (["sql", "--dialect", "duckdb", "--table", "a;b"], "--table must be a table name that does not hold a ';'"),
            (["sql", "--dialect", "duckdb", "--client-column", "x;y"], "--client-column must be a column name"),
            (["sql", "--dialect", "duckdb", "--margin", "35"], "--margin must be more than 0 and at most 1 (got 35)"),
            (["sql", "--dialect", "duckdb", "--no-manager", "--manager-column", "rep"], "contradict each other"),
        ] {
            let run = try Binary.run(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            #expect(run.standardOutput.isEmpty)
        }
    }

    @Test("-o FILE writes what standard output gets; the method options and the table are written in")
    func outputFile() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("abcxyz.sql")
            let arguments = ["sql", "--dialect", "postgres", "--table", "shop.sales", "--margin", "0.35",
                             "--as-of", "2024-03-31", "--no-manager"]
            let printed = try Binary.run(arguments)
            #expect(printed.status == 0, "\(printed.standardError)")
            let written = try Binary.run(arguments + ["-o", file.path])
            #expect(written.status == 0 && written.standardOutput.isEmpty)
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text == printed.standardOutput)
            #expect(text.contains("FROM shop.sales\n"))
            #expect(text.contains("CAST('0.35' AS DOUBLE PRECISION)"))
            #expect(text.contains("SELECT DATE '2024-03-31' AS as_of"))
            #expect(text.contains("CAST(NULL AS TEXT) AS manager"))
            #expect(text.hasPrefix("DROP VIEW IF EXISTS") == false && text.hasPrefix("-- abcxyz postgres script"))
        }
    }
}
