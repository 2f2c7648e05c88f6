import Foundation
import Testing

@Suite("The abcxyz command line, end to end")
struct CLITests {
    @Test("classify and winback on the example file print the expected CSV byte for byte",
          arguments: [("classify", "example/classify.csv"), ("winback", "example/winback.csv")])
    func goldenCSV(command: String, expected: String) throws {
        let run = try Binary.run([command, "fixtures/example/transactions.csv", "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.standardOutput == (try fixtureText(expected)))
        // The example's 19.995 and 10.004 have a third decimal (SPEC §9's rounding).
        #expect(run.standardError == "abcxyz: columns: client=client (1), date=date (2), amount=amount (3), manager=manager (4)\n"
            + "abcxyz: 2 of 84 amounts had more decimals than --scale 2 and were rounded half away from zero\n")
    }

    @Test("--abc-measure revenue --xyz-measure revenue print the classic outputs byte for byte",
          arguments: [("classify", "example/classic/classify.csv"), ("winback", "example/classic/winback.csv")])
    func classicGoldenCSV(command: String, expected: String) throws {
        let run = try Binary.run([command, "fixtures/example/transactions.csv", "--format", "csv",
                                  "--abc-measure", "revenue", "--xyz-measure", "revenue"])
        #expect(run.status == 0)
        #expect(run.standardOutput == (try fixtureText(expected)))
        #expect(run.standardError == "abcxyz: columns: client=client (1), date=date (2), amount=amount (3), manager=manager (4)\n"
            + "abcxyz: 2 of 84 amounts had more decimals than --scale 2 and were rounded half away from zero\n")
    }

    @Test("Without FILE the bundled example is used, and stdin works with -")
    func bundledExampleAndStandardInput() throws {
        let bundled = try Binary.run(["winback", "--format", "csv"])
        #expect(bundled.status == 0)
        #expect(bundled.standardOutput == (try fixtureText("example/winback.csv")))
        #expect(bundled.standardError.contains("bundled example"))
        let input = try Data(contentsOf: repositoryRoot.appendingPathComponent("fixtures/example/transactions.csv"))
        let piped = try Binary.run(["classify", "-", "--format", "csv"], input: input)
        #expect(piped.standardOutput == (try fixtureText("example/classify.csv")))
    }

    @Test("The table format is aligned and in human units")
    func table() throws {
        let run = try Binary.run(["classify"])
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines[0] == "13 clients as of 2025-06-30, window 2024-07-01 to 2025-06-30 (12 months), population cycle 31 days")
        // X: ACME, Hal, Ivy, Jon, Smith; Y: Bolt; Z: Gus and Cara erratic, Dan, Old, Eve, Ольга, Ray too short.
        #expect(lines[1] == "ABC by annual value, XYZ by money per day between purchases: 5 X, 1 Y, 7 Z "
            + "(2 erratic, 5 with too short a history for a cv)")
        // Headings say which figures cover the window and which the whole history.
        #expect(lines[2].hasPrefix("client     revenue (window)  share  abc     cv  xyz  purchases (history)"))
        #expect(lines[2].contains("aov (history)"))
        #expect(lines[3].contains("ACME              12 250.00  28.8%  A    0.059  X"))
        #expect(lines.count == 16)
        let classic = try Binary.run(["classify", "--abc-measure", "revenue", "--xyz-measure", "revenue"])
        // The win-back list's caption says how much of its value lost went before the window (Old, 2 400.00).
        #expect(try Binary.run(["winback"]).standardOutput.split(separator: "\n")[0] == "9 clients to win back as of "
            + "2025-06-30, lifetime value lost 29 472.00 (2 400.00 of it long gone, lost before the window)")
        // classic/classify.csv: X ACME, Ivy, Jon, Smith; Y Bolt, Cara; Z Hal and Gus erratic, five without a cv.
        #expect(classic.standardOutput.split(separator: "\n")[1] == "ABC by revenue in the window, XYZ by revenue per "
            + "month: 4 X, 2 Y, 7 Z (2 erratic, 5 with too short a history for a cv)")
    }

    @Test("-o writes the listing to a file; output is identical with 1, 2 and 8 threads")
    func outputFileAndThreads() throws {
        try withTemporaryDirectory { directory in
            var outputs: [Data] = []
            for threads in ["1", "2", "8"] {
                let path = directory.appendingPathComponent("out\(threads).json").path
                let run = try Binary.run(["classify", "fixtures/example/transactions.csv", "--format", "json",
                                          "--threads", threads, "-o", path])
                #expect(run.status == 0 && run.standardOutput.isEmpty)
                outputs.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            #expect(Set(outputs).count == 1)
            #expect(String(decoding: outputs[0], as: UTF8.self).hasPrefix("[\n  {\"client\":\"ACME\",\"revenue\":12250.00,"))
        }
    }

    @Test("--help lists every option with its default", arguments: ["classify", "winback"])
    func help(command: String) throws {
        let run = try Binary.run([command, "--help"])
        #expect(run.status == 0)
        for option in ["--as-of", "--months", "--period", "--abc", "--xyz", "--min-periods", "--min-cycle",
                       "--at-risk-factor", "--lost-factor", "--horizon", "--margin", "--scale", "--threads",
                       "--client-column", "--date-column", "--amount-column", "--manager-column", "--format",
                       "-o, --output", "--tiers", "--fallback-cycle", "--min-intervals", "--xyz-measure",
                       "--abc-measure"] {
            #expect(run.standardOutput.contains(option), "\(option) missing from help")
        }
        for defaultText in ["(default: 12)", "(default: 0.80,0.95)", "(default: 0.10,0.25)", "(default: 3)",
                            "(default: 7)", "(default: 1.0)", "(default: 1.5)", "(default: month)",
                            "(default: 1,1,2,2,2,3,3,4,4)", "(default: table)", "(default: 2)",
                            "(default: annual-value)", "(default: rate)"] {
            #expect(run.standardOutput.contains(defaultText), "\(defaultText) missing from help")
        }
    }

    @Test("Exit status: 64 for usage errors, 65 for bad data, 66 for a missing file", arguments: [
        (["classify", "--abc", "0.9"], Int32(64), "--abc expects two shares"),
        (["classify", "--bogus"], 64, "unknown option '--bogus'"),
        (["classify", "--lost-factor", "0.5"], 64, "must be at least --at-risk-factor"),
        (["classify", "--period", "day"], 64, "--period must be one of week, month, quarter"),
        (["classify", "--abc-measure", "profit"], 64, "--abc-measure must be one of annual-value, revenue"),
        (["classify", "--xyz-measure", "months"], 64, "--xyz-measure must be one of rate, revenue, purchase-days"),
        (["classify", "a.csv", "b.csv"], 64, "expected one FILE"),
        (["clasify"], 64, "did you mean 'classify'?"),
        (["classify", "fixtures/no-such-file.csv"], 66, "No such file or directory"),
        (["classify", "Package.swift"], 65, "Package.swift:1"),
    ] as [([String], Int32, String)])
    func exitStatus(arguments: [String], status: Int32, message: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == status)
        #expect(run.standardError.contains(message), "stderr: \(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }

    @Test("Bad data names file, line and column on stderr and exits 65")
    func dataError() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("sales.csv").path
            try "client,date,amount\nA,2025-01-01,10\nB,2025-01-02,12,5x\n".write(toFile: path, atomically: true, encoding: .utf8)
            let run = try Binary.run(["classify", path])
            #expect(run.status == 65)
            #expect(run.standardError == "\(path):3:1: error: expected 3 fields as in the header, found 4\n")
        }
    }

    @Test("report prints the example's page in every format", arguments: ["table", "json", "markdown", "html"])
    func report(format: String) throws {
        let run = try Binary.run(["report", "--format", format, "--top", "3"])
        #expect(run.status == 0)
        let expected = ["table": "Churn rate 20.0% · retention (CRR) 80.0% · return rate 75.0% (3 of 4)",
                        "json": "\"churn_rate\": 0.200000", "markdown": "## Churn, retention and return",
                        "html": "<h2>Where the money is</h2>"]
        #expect(run.standardOutput.contains(expected[format]!))
        if format == "json" {
            let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
            let top = (json?["win_back"] as? [String: Any])?["top"] as? [[String: Any]]
            #expect(top?.map { $0["client"] as? String } == ["Bolt", "Hal", "Dan"])
        }
    }

    @Test("report --format json carries the example README's new figures: new and reactivated, Z apart, value lost by tier")
    func reportReadmeFigures() throws {
        let run = try Binary.run(["report", "fixtures/example/transactions.csv", "--format", "json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["customers_won"] as? Int == 1 && period["new_customers"] as? Int == 1
            && period["reactivated"] as? Int == 0)
        let columns = try #require((json["matrix"] as? [String: Any])?["columns"] as? [[String: Any]])
        #expect(columns[2]["erratic"] as? Int == 2 && columns[2]["short_history"] as? Int == 5)
        let loss = try #require(json["ltv_loss"] as? [String: Any])
        #expect((loss["by_tier"] as? [[String: Any]])?.map { $0["ltv_loss"] as? Double } == [18400, 7000, 3452, 620])
        #expect((loss["lost_before_window"] as? [String: Any])?["ltv_loss"] as? Double == 2400)
        let table = try Binary.run(["report", "fixtures/example/transactions.csv"]).standardOutput
        #expect(table.contains("won 1 (new 1, reactivated 0), churned 1"))
        #expect(table.contains("Z: 7 clients, 2 erratic and 5 with too short a history for a cv."))
    }

    @Test("report's period options: a quarter, explicit days, and the usage errors", arguments: [
        (["report", "--report-period", "quarter", "--format", "json"], Int32(0), "\"start\": \"2025-03-30\""),
        (["report", "--from", "2025-06-01", "--to", "2025-06-15", "--format", "json"], 0, "\"end\": \"2025-06-15\""),
        (["report", "--from", "2025-06-01"], 64, "--from and --to go together"),
        (["report", "--from", "2025-06-15", "--to", "2025-06-01"], 64, "must not be after --to"),
        (["report", "--report-period", "year", "--from", "2025-06-01", "--to", "2025-06-15"], 64, "not both"),
        (["report", "--format", "pdf"], 64, "--format must be one of table, json, markdown, html"),
    ] as [([String], Int32, String)])
    func reportOptions(arguments: [String], status: Int32, text: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == status)
        #expect((run.standardOutput + run.standardError).contains(text), "\(run.standardError)")
    }

    @Test("generate writes the export and the truth beside it; classify reads it")
    func generate() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("sales.csv").path
            let run = try Binary.run(["generate", "--rows", "2_000", "--clients", "100", "--seed", "7", "-o", path])
            #expect(run.status == 0)
            #expect(run.standardError.contains("wrote 2000 rows"))
            let truth = try String(contentsOfFile: directory.appendingPathComponent("sales.truth.csv").path, encoding: .utf8)
            let classify = try Binary.run(["classify", path, "--format", "csv", "--timings"])
            #expect(classify.status == 0)
            // One truth row per client in the data (every one of them has a purchase, so classify lists it).
            #expect(truth.split(separator: "\n").count == classify.standardOutput.split(separator: "\n").count)
            #expect(classify.standardError.contains("timings: read"))
            #expect(try Binary.run(["generate", "--rows", "0"]).status == 64)
        }
    }

    @Test("The oracle of SPEC §13 (Tests/Oracle) agrees on the salon and on generated multi-service sets, service and client mode, default and explicit as-of")
    func agreesWithServiceOracle() throws {
        let script = repositoryRoot.appendingPathComponent("Tests/Oracle/check_against_oracle.py").path
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let run = try Binary.run(executable: python, ["python3", script, "--binary", Binary.url.path, "--services",
                                                      "--cases", "3"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("salon example: 0 differences"))
        #expect(run.standardOutput.contains("3 service data sets x 2 modes x 2 as-of dates x 4 listings: 0 differences"))
        #expect(run.standardOutput.contains("3 service data sets x 2 modes x 2 as-of dates x report: 0 differences"))
    }

    @Test("An independent implementation of SPEC §1–8 (Tests/Oracle) agrees field for field on 24 generated data sets, every measure pair and period")
    func agreesWithOracle() throws {
        let script = repositoryRoot.appendingPathComponent("Tests/Oracle/check_against_oracle.py").path
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let run = try Binary.run(executable: python, ["python3", script, "--binary", Binary.url.path, "--cases", "24"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("24 data sets x 2 listings: 0 differences"))
        #expect(run.standardOutput.contains("report: 0 differences"), "\(run.standardOutput)")
    }
}
