import Foundation
import Testing

/// Writes `text` to a file in a new temporary directory and passes its path.
func withFile<T>(_ text: String, name: String = "sales.csv", _ body: (String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try body(path)
    }
}

@Suite("Mistakes a new user makes and inputs an attacker sends: refused clearly, never silent")
struct UserMistakeTests {
    @Test("An option out of the method's range exits 64 naming the flag, its range and the value", arguments: [
        (["--margin", "35"], "abcxyz classify: --margin must be more than 0 and at most 1 (got 35)"),
        (["--margin", "0"], "abcxyz classify: --margin must be more than 0 and at most 1 (got 0)"),
        (["--horizon", "0"], "abcxyz classify: --horizon must be more than 0 and at most 100 years (got 0)"),
        (["--months", "1001"], "abcxyz classify: --months must be a whole number from 1 to 1000 (got 1001)"),
        (["--min-periods", "1"], "abcxyz classify: --min-periods must be a whole number from 2 to --months (12) (got 1)"),
        (["--months", "2"], "abcxyz classify: --min-periods must be a whole number from 2 to --months (2) (got 3)"),
        (["--fallback-cycle", "0"], "abcxyz classify: --fallback-cycle must be more than 0 and at most 36525 days (got 0)"),
        (["--min-cycle", "-1"], "abcxyz classify: --min-cycle must be from 0 to 36525 days (got -1)"),
        (["--at-risk-factor", "0"], "abcxyz classify: --at-risk-factor must be more than 0 and at most 1000 (got 0)"),
        (["--lost-factor", "0.5"],
         "abcxyz classify: --lost-factor must be at least --at-risk-factor (1) and at most 1000 (got 0.5)"),
        (["--scale", "7"], "abcxyz classify: --scale must be a whole number from 0 to 6 (got 7)"),
        (["--threads", "0"], "abcxyz classify: --threads must be a whole number from 1 to 1024 (got 0)"),
    ] as [([String], String)])
    func optionOutOfRange(arguments: [String], message: String) throws {
        let run = try Binary.run(["classify"] + arguments)
        #expect(run.status == 64)
        #expect(run.standardError == message + "\n")
        #expect(run.standardOutput.isEmpty)
    }

    @Test("A margin inside (0, 1] is applied as a share: 0.35 of the value lost")
    func marginInRangeIsAShare() throws {
        // M bought 100.00 once on 2025-01-01 and is lost at 2025-06-30 (fallback cycle 30 days).
        try withFile("client,date,amount\nM,2025-01-01,100.00\nNow,2025-06-30,1.00\n") { path in
            let run = try Binary.run(["winback", path, "--margin", "0.35", "--format", "csv"])
            #expect(run.status == 0)
            #expect(run.standardOutput.contains("1,M,2,A,Z,lost,35.00,100.00,"), "\(run.standardOutput)")
        }
    }
}
