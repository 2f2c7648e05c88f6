import Foundation
import Testing

/// `python3`, found on `PATH` through `/usr/bin/env`, for the oracle suites.
enum Python {
    static let available: Bool = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") + ["/usr/bin"]
        return directories.contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }()

    static func run(_ arguments: [String]) throws -> Binary.Run {
        try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }
}

@Suite("abcxyz backtest (SPEC §15)")
struct BacktestCLITests {
    /// The worked example cut at 2025-03-31, worked out from its rows: at the cut ACME, Hal,
    /// Gus, Smith, J. and Cara are active, Bolt, Dan, Old, Ivy and Jon lost (10 clients). In
    /// the holdout ACME (3 250.00), Gus (150.00) and Cara (397.23) buy again; Eve, Ольга and Ray
    /// are new. So lost is right 5 times of 5 and catches 5 of the 7 who stayed away.
    @Test("The worked example at --cut 2025-03-31: the figures counted from its rows")
    func workedExample() throws {
        let run = try Binary.run(["backtest", "fixtures/example/transactions.csv", "--cut", "2025-03-31"])
        #expect(run.status == 0, "\(run.standardError)")
        let out = run.standardOutput
        #expect(out.contains("10 clients classified at the cut: 3 bought again in the holdout (30.0%), 7 did not."))
        #expect(out.contains("  active                   5         3           60.0%                   0.00         3 797.23"))
        #expect(out.contains("  at-risk                  0         0       undefined                   0.00             0.00"))
        #expect(out.contains("  lost                     5         0            0.0%              20 300.00             0.00"))
        #expect(out.contains("  2 must win back               3         0            0.0%               7 000.00             0.00"))
        #expect(out.contains("Lost at the cut: 5, right about 5: precision 100.0%, recall 71.4%."))
        // Overdue ratios of the lost: Dan 58/31, Bolt 80/31, Ivy and Jon 150/31, Old 639/30.5.
        #expect(out.contains("            2     4      4     100.0%   57.1%  72.7%"))
        #expect(out.contains("          1.5     5      5     100.0%   71.4%  83.3%  current"))
        #expect(out.contains("Recommended: --lost-factor 1,"))
        // Returned 0, 16/31, 22/30 against Hal 28/91 (beats one) and six above all three: 19 of 21.
        #expect(out.contains("overdue_ratio  recency / cycle at the cut  0.905"))
        #expect(out.contains("New clients in the holdout (first purchase after the cut, in no figure above): 3."))
    }

    /// The CDNOW sample (fixtures/cdnow/) cut at 1997-09-30: the figures of
    /// `fixtures/cdnow/backtest-cut-1997-09-30.json`, computed by Tests/Oracle/backtest_oracle.py
    /// (from SPEC §15's text) and kept, so this test needs no Python.
    @Test("The CDNOW sample cut at 1997-09-30 gives the oracle's figures byte for byte (lost: precision 77.2 %, recall 94.4 %)")
    func cdnowSample() throws {
        let run = try Binary.run(["backtest", "fixtures/cdnow/cdnow_sample.csv", "--cut", "1997-09-30", "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput == (try fixtureText("cdnow/backtest-cut-1997-09-30.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let lost = try #require(json["lost"] as? [String: Any])
        #expect(lost["count"] as? Int == 2035 && lost["precision"] as? Double == 0.771990)
        #expect(json["recommended_lost_factor"] as? Double == 3)
    }

    /// The same cut with BG/NBD fitted at it (`--occasions transaction-days`, as the published
    /// data counts them): the AUCs and the calibration rows of
    /// `fixtures/cdnow/backtest-model-reference.json`, worked out without abcxyz by
    /// Tests/Model/make_backtest_reference.py (scipy's fit, mpmath's 2F1, the AUC by counting
    /// every pair). The two optimisers stop a hair apart, so the predicted occasions agree to
    /// 1e-6 of their size; the counts, and the AUCs to the printed six decimals, exactly.
    @Test("CDNOW at 1997-09-30 with BG/NBD: AUC of expected purchases 0.772, of P(alive) 0.317; calibration rows")
    func cdnowModel() throws {
        let run = try Binary.run(["backtest", "fixtures/cdnow/cdnow_sample.csv", "--cut", "1997-09-30", "--model", "bgnbd",
                                  "--occasions", "transaction-days", "--format", "json", "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let reference = try #require(try JSONSerialization.jsonObject(
            with: Data(try fixtureText("cdnow/backtest-model-reference.json").utf8)) as? [String: Any])
        #expect(json["clients"] as? Int == reference["clients"] as? Int)
        #expect(json["returned"] as? Int == reference["returned"] as? Int)
        let scores = try #require(json["scores"] as? [[String: Any]])
        let aucs = try #require(reference["auc"] as? [String: Double])
        #expect(scores.map { $0["score"] as? String } == ["overdue_ratio", "expected_purchases", "p_alive"])
        #expect(scores[0]["auc"] as? Double == 0.737265)   // the cycle rule's, as without the model
        for score in scores.dropFirst() {
            let name = try #require(score["score"] as? String)
            let expected = try #require(aucs[name])
            #expect(score["auc"] as? Double == (expected * 1e6).rounded() / 1e6, "\(name)")
        }
        let rows = try #require(json["calibration"] as? [[String: Any]])
        let expectedRows = try #require(reference["calibration"] as? [[String: Any]])
        #expect(rows.count == 9 && expectedRows.count == 9)
        for (row, expected) in zip(rows, expectedRows) {
            #expect("\(row["x"]!)" == "\(expected["x"]!)")
            #expect(row["clients"] as? Int == expected["clients"] as? Int, "x = \(row["x"]!)")
            #expect(row["actual"] as? Int == expected["actual"] as? Int, "x = \(row["x"]!)")
            let predicted = try #require(row["predicted"] as? Double), target = try #require(expected["predicted"] as? Double)
            #expect(abs(predicted - target) <= 1e-6 * target + 1e-6, "x = \(row["x"]!): \(predicted) against \(target)")
        }
        // Figures by hand from the reference: 1 403 one-time buyers expected to make 315.9 holdout
        // purchases, made 334; in all 1 651.7 expected, 1 882 made.
        #expect(run.standardOutput.contains("{\"x\": 0,\"clients\": 1403,\"predicted\": 315.87805"))
        #expect(run.standardOutput.contains("{\"x\": \"total\",\"clients\": 2349,\"predicted\": 1651.6885"))
        // Everything the model does not touch is the pinned backtest's, byte for byte.
        let pinned = try fixtureText("cdnow/backtest-cut-1997-09-30.json")
        let withoutModel = pinned.prefix { $0 != "]" }   // up to the end of the sweep
        #expect(run.standardOutput.hasPrefix(withoutModel))
    }

    @Test("One read for the whole backtest, model included: the export piped through standard input gives the same JSON")
    func oneRead() throws {
        let options = ["--cut", "1997-09-30", "--model", "bgnbd", "--occasions", "transaction-days", "--format", "json",
                       "--quiet"]
        let fromFile = try Binary.run(["backtest", "fixtures/cdnow/cdnow_sample.csv"] + options)
        let export = try Data(contentsOf: repositoryRoot.appendingPathComponent("fixtures/cdnow/cdnow_sample.csv"))
        let piped = try Binary.run(["backtest"] + options, input: export)   // a pipe can be read only once
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput == fromFile.standardOutput)
    }

    /// The worked example cut at 2023-06-30: one client (Old, two purchase days by then, and
    /// one more in the holdout). BG/NBD fitted to one client runs to the edge of its range and gives no
    /// finite expectation: the rows say so (null), the AUCs are undefined (nobody stayed away),
    /// and nothing crashes.
    @Test("A model fitted to one client: predicted occasions undefined (null), AUCs undefined, every format written")
    func modelAtTheEdge() throws {
        let arguments = ["backtest", "fixtures/example/transactions.csv", "--cut", "2023-06-30", "--model", "bgnbd",
                         "--quiet"]
        for format in ["table", "json", "html"] {
            let run = try Binary.run(arguments + ["--format", format])
            #expect(run.status == 0, "\(format): \(run.standardError.prefix(300))")
        }
        let json = try Binary.run(arguments + ["--format", "json"]).standardOutput
        #expect(json.contains("{\"score\": \"p_alive\",\"auc\": null}"))
        #expect(json.contains("{\"x\": 1,\"clients\": 1,\"predicted\": null,\"actual\": 1}"))
        #expect(json.contains("{\"x\": \"total\",\"clients\": 1,\"predicted\": null,\"actual\": 1}"))
        #expect(json.contains("{\"x\": 0,\"clients\": 0,\"predicted\": 0.000000,\"actual\": 0}"))
    }

    @Test("The table and the page show the model's scores and its calibration")
    func modelInTableAndPage() throws {
        let arguments = ["backtest", "fixtures/cdnow/cdnow_sample.csv", "--cut", "1997-09-30", "--model", "bgnbd",
                         "--occasions", "transaction-days", "--quiet"]
        let table = try Binary.run(arguments)
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("expected_purchases  − expected purchases in the holdout (model)  0.772"))
        #expect(table.standardOutput.contains("1 − P(alive) at the cut (model)              0.317"))
        #expect(table.standardOutput.contains("THE MODEL'S CALIBRATION"))
        #expect(table.standardOutput.contains("BG/NBD fitted at the cut"))
        let page = try Binary.run(arguments + ["--format", "html"])
        #expect(page.standardOutput.contains("data-chart=\"calibration\""))
        #expect(page.standardOutput.components(separatedBy: "class=\"point predicted\"").count - 1 == 8)
        #expect(page.standardOutput.components(separatedBy: "class=\"point actual\"").count - 1 == 8)
        // Without --model nothing of it.
        let plain = try Binary.run(["backtest", "fixtures/cdnow/cdnow_sample.csv", "--cut", "1997-09-30", "--format", "html"])
        #expect(!plain.standardOutput.contains("data-chart=\"calibration\""))
    }

    @Test("Command-line mistakes are usage errors (64); a cut with nothing after it is a data error (65)")
    func mistakes() throws {
        let example = "fixtures/example/transactions.csv"
        let missing = try Binary.run(["backtest", example])
        #expect(missing.status == 64 && missing.standardError.contains("--cut DATE is required"))
        let order = try Binary.run(["backtest", example, "--cut", "2025-03-31", "--until", "2025-03-31"])
        #expect(order.status == 64 && order.standardError.contains("--until (2025-03-31) must be after --cut (2025-03-31)"))
        let asOf = try Binary.run(["backtest", example, "--cut", "2025-03-31", "--as-of", "2025-06-30"])
        #expect(asOf.status == 64 && asOf.standardError.contains("unknown option '--as-of'"))
        let target = try Binary.run(["backtest", example, "--cut", "2025-03-31", "--target-precision", "1.5"])
        #expect(target.status == 64 && target.standardError.contains("--target-precision expects a share"))
        let late = try Binary.run(["backtest", example, "--cut", "2025-06-30"])
        #expect(late.status == 65 && late.standardError.contains("nothing happens after the cut 2025-06-30"))
        let occasions = try Binary.run(["backtest", example, "--cut", "2025-03-31", "--occasions", "transaction-days"])
        #expect(occasions.status == 64 && occasions.standardError.contains("add --model bgnbd"))
        let early = try Binary.run(["backtest", example, "--cut", "2020-01-01"])
        #expect(early.status == 65 && early.standardError.contains("no client has a purchase day on or before the cut"))
    }

    @Test("Help names the backtest's options and the method's, without --as-of; the command list names backtest")
    func help() throws {
        let help = try Binary.run(["backtest", "--help"]).standardOutput
        for option in ["--cut DATE", "--until DATE", "--target-precision P", "--lost-factor L", "--format FORMAT",
                       "--model MODEL", "--occasions KIND", "--model-unit UNIT"] {
            #expect(help.contains(option), "\(option)")
        }
        #expect(!help.contains("--as-of") && !help.contains("--discount"))
        #expect(try Binary.run(["--help"]).standardOutput.contains("  backtest"))
    }

    @Test("Rows after --until are accounted for on standard error, and in no figure")
    func rowsAfterUntil() throws {
        let run = try Binary.run(["backtest", "fixtures/example/transactions.csv", "--cut", "2025-03-31",
                                  "--until", "2025-05-31", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.standardError.contains("84 accepted = 58 up to the cut + 16 in the holdout + 10 after --until"))
        #expect(run.standardOutput.contains("\"until\": \"2025-05-31\""))
    }
}

/// `Tests/Oracle/backtest_oracle.py`, written from SPEC §15's text on spec_oracle.py's
/// §1–§7, against the binary: the JSON must be the same to the byte.
@Suite("Backtest against an independent computation of SPEC §15",
       .enabled(if: Python.available, "skipped: python3 not found"))
struct BacktestOracleTests {
    static let oracle = repositoryRoot.appendingPathComponent("Tests/Oracle/backtest_oracle.py").path


    func compare(_ file: String, _ options: [String]) throws {
        let engine = try Binary.run(["backtest", file, "--format", "json", "--quiet"] + options)
        #expect(engine.status == 0, "\(engine.standardError)")
        let oracle = try Python.run([Self.oracle, file] + options)
        #expect(oracle.status == 0, "\(oracle.standardError)")
        guard engine.standardOutput != oracle.standardOutput else { return }
        let ours = engine.standardOutput.split(separator: "\n").map(String.init)
        let theirs = oracle.standardOutput.split(separator: "\n").map(String.init)
        let line = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
        let mine = line < ours.count ? ours[line] : "(end)", other = line < theirs.count ? theirs[line] : "(end)"
        Issue.record("\(file) \(options.joined(separator: " ")): line \(line + 1) differs\n  engine: \(mine)\n  oracle: \(other)")
    }

    /// Two calibration rows with the same x, clients and actual, and a predicted within 1e-6 of its size.
    static func samePredicted(_ ours: String, _ theirs: String) -> Bool {
        func row(_ line: String) -> [String: Any]? {
            let text = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ","))
            return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        }
        guard let a = row(ours), let b = row(theirs), Set(a.keys) == ["x", "clients", "predicted", "actual"],
              Set(b.keys) == Set(a.keys), "\(a["x"]!)" == "\(b["x"]!)",
              a["clients"] as? Int == b["clients"] as? Int, a["actual"] as? Int == b["actual"] as? Int,
              let p = a["predicted"] as? Double, let q = b["predicted"] as? Double else { return false }
        return abs(p - q) <= 1e-6 * max(abs(p), abs(q)) + 1.5e-6
    }

    /// The model fitted at the cut as `abcxyz model --format json` prints it, for the oracle's `--params`.
    func parameters(_ file: String, cut: String, _ modelOptions: [String]) throws -> String {
        let options = modelOptions.enumerated().filter { index, option in
            option != "--model" && (index == 0 || modelOptions[index - 1] != "--model")
        }.map(\.element)
        let run = try Binary.run(["model", file, "--as-of", cut, "--format", "json", "--quiet"] + options)
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput
    }

    @Test("With --model: the scores and the calibration chart, from the parameters the model command fits at the cut",
          arguments: [("fixtures/cdnow/cdnow_sample.csv", "1997-09-30",
                       ["--model", "bgnbd", "--occasions", "transaction-days"]),
                      ("fixtures/cdnow/cdnow_sample.csv", "1997-12-31",
                       ["--model", "pareto-nbd", "--occasions", "purchase-days", "--model-unit", "day"]),
                      ("fixtures/example/transactions.csv", "2025-03-31", ["--model", "bgnbd"])])
    func model(file: String, cut: String, model: [String]) throws {
        try compareModel(file, cut: cut, model)
    }

    @Test("With --model on generated data, at two cuts",
          arguments: [(UInt64(5), 15_000, "2025-01-31", ["--model", "bgnbd"]),
                      (13, 12_000, "2024-09-30", ["--model", "pareto-nbd", "--occasions", "transaction-days"])])
    func modelGenerated(seed: UInt64, rows: Int, cut: String, model: [String]) throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("sales.csv").path
            #expect(try Binary.run(["generate", "--rows", "\(rows)", "--seed", "\(seed)", "-o", file, "-q"]).status == 0)
            for at in [cut, "2024-06-30"] {
                try compareModel(file, cut: at, model)
            }
        }
    }

    /// The engine with `--model …`, the oracle with the same and `--params` (the fit at the cut):
    /// the same JSON, except that a calibration row's `predicted` may differ by 1e-6 relative (the
    /// two sides evaluate 2F1 and sum in their own ways: doubles against 60-digit decimals).
    func compareModel(_ file: String, cut: String, _ model: [String], _ extra: [String] = []) throws {
        let fitted = try parameters(file, cut: cut, model)
        let engine = ["--cut", cut] + extra + model
        let engineRun = try Binary.run(["backtest", file, "--format", "json", "--quiet"] + engine)
        #expect(engineRun.status == 0, "\(engineRun.standardError)")
        let oracleRun = try Python.run([Self.oracle, file] + engine + ["--params", fitted])
        #expect(oracleRun.status == 0, "\(oracleRun.standardError)")
        let ours = engineRun.standardOutput.split(separator: "\n").map(String.init)
        let theirs = oracleRun.standardOutput.split(separator: "\n").map(String.init)
        if ours.count == theirs.count, zip(ours, theirs).allSatisfy({ $0 == $1 || Self.samePredicted($0, $1) }) { return }
        let line = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
        let mine = line < ours.count ? ours[line] : "(end)", other = line < theirs.count ? theirs[line] : "(end)"
        Issue.record("\(file) \(engine.joined(separator: " ")): line \(line + 1) differs\n  engine: \(mine)\n  oracle: \(other)")
    }

    @Test("Service mode: pairs judged per service, on the salon and on generated data with services",
          arguments: [("salon", "2025-03-31", [String]()), ("salon", "2024-12-31", ["--lost-factor", "2"]),
                      ("generated", "2025-01-31", []), ("generated", "2024-10-31", ["--min-cycle", "14"])])
    func services(source: String, cut: String, options: [String]) throws {
        try withTemporaryDirectory { directory in
            var file = "fixtures/salon/transactions.csv"
            if source == "generated" {
                file = directory.appendingPathComponent("sales.csv").path
                #expect(try Binary.run(["generate", "--rows", "15000", "--seed", "17", "--services", "-o", file,
                                        "-q"]).status == 0)
            }
            try compare(file, ["--cut", cut, "--category-column", "category"] + options)
        }
    }

    @Test("Service mode with --model: each pair takes its client's model scores; calibration by client")
    func servicesWithModel() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("sales.csv").path
            #expect(try Binary.run(["generate", "--rows", "15000", "--seed", "19", "--services", "-o", file,
                                    "-q"]).status == 0)
            try compareModel(file, cut: "2025-01-31", ["--model", "bgnbd"], ["--category-column", "category"])
        }
    }

    @Test("The worked example, at several cuts and method options",
          arguments: [["--cut", "2025-03-31"],
                      ["--cut", "2025-01-31", "--until", "2025-05-15", "--lost-factor", "1.6", "--at-risk-factor", "1.2"],
                      ["--cut", "2025-04-30", "--abc-measure", "revenue", "--xyz-measure", "revenue",
                       "--target-precision", "0.95"],
                      ["--cut", "2024-12-31", "--min-cycle", "20", "--tiers", "1,2,3,2,3,4,3,4,4", "--margin", "0.35"]])
    func workedExample(options: [String]) throws {
        try compare("fixtures/example/transactions.csv", options)
    }

    @Test("Generated data sets (abcxyz generate), each at two cuts",
          arguments: [(UInt64(3), 12_000, "2025-01-31", [String]()),
                      (8, 20_000, "2024-11-30", ["--period", "week", "--months", "20", "--lost-factor", "2"]),
                      (21, 15_000, "2025-03-15", ["--min-intervals", "3", "--fallback-cycle", "45", "--horizon", "2"])])
    func generated(seed: UInt64, rows: Int, cut: String, options: [String]) throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("sales.csv").path
            let generate = try Binary.run(["generate", "--rows", "\(rows)", "--seed", "\(seed)", "-o", file, "-q"])
            #expect(generate.status == 0)
            try compare(file, ["--cut", cut] + options)
            try compare(file, ["--cut", "2024-06-30", "--until", "2024-12-31", "--target-precision", "0.9"] + options)
        }
    }
}
