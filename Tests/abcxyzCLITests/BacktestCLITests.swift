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
        let early = try Binary.run(["backtest", example, "--cut", "2020-01-01"])
        #expect(early.status == 65 && early.standardError.contains("no client has a purchase day on or before the cut"))
    }

    @Test("Help names the backtest's options and the method's, without --as-of; the command list names backtest")
    func help() throws {
        let help = try Binary.run(["backtest", "--help"]).standardOutput
        for option in ["--cut DATE", "--until DATE", "--target-precision P", "--lost-factor L", "--format FORMAT"] {
            #expect(help.contains(option), "\(option)")
        }
        #expect(!help.contains("--as-of"))
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
