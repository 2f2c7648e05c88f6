import Foundation
import Testing

/// Options are read through their typed definitions: every message names the flag, and a
/// value that starts with `--` is taken for a forgotten value, not a file named like an option.
@Suite("Option values: the flag named in every message, no value taken from the next option")
struct OptionParsingTests {
    /// The first line on standard error, as the binary before the typed definitions wrote it.
    @Test("A value that does not convert, or that the library refuses, names the flag", arguments: [
        (["classify", "--months", "x"], "abcxyz classify: --months expects a whole number; got 'x'"),
        (["classify", "--periods", "2000"], "abcxyz classify: --months must be a whole number from 1 to 1000 (got 2000)"),
        (["classify", "--min-periods", "1"],
         "abcxyz classify: --min-periods must be a whole number from 2 to --months (12) (got 1)"),
        (["classify", "--margin", "35"], "abcxyz classify: --margin must be more than 0 and at most 1 (got 35)"),
        (["classify", "--tiers", "1,2"],
         "abcxyz classify: --tiers expects nine tiers 1–4 in row order, e.g. 1,1,2,2,2,3,3,4,4; got '1,2'"),
        (["classify", "--keep-columns", "a,,b"],
         "abcxyz classify: --keep-columns expects header names separated by commas, e.g. Phone,E-mail; got 'a,,b'"),
        (["classify", "--quiet=1"], "abcxyz classify: --quiet takes no value"),
        (["classify", "--forma", "csv"], "abcxyz classify: unknown option '--forma' (did you mean --format?)"),
        (["model", "--horizon", "2000"], "abcxyz model: --horizon expects zero or more years; got '2000'"),
        (["model", "--penalizer", "-0.5"], "abcxyz model: --penalizer expects a number ≥ 0; got '-0.5'"),
        (["backtest", "--cut", "2025-01-01", "--target-precision", "2"],
         "abcxyz backtest: --target-precision expects a share above 0 and at most 1; got '2'"),
        (["generate", "--rows", "1_000", "--clients", "2000"],
         "abcxyz generate: --clients expects a whole number from 1 to the rows; got '2000'"),
        (["generate", "--years", "0"], "abcxyz generate: --years expects a whole number from 1 to 50; got '0'"),
        (["generate", "--rows", "0"], "abcxyz generate: --rows expects a whole number from 1 to 10000000000; got '0'"),
        (["generate", "--end", "1700-01-01"],
         "abcxyz generate: --end expects a date YYYY-MM-DD from 1900-01-01 to 9999-12-31; got '1700-01-01'"),
    ] as [([String], String)])
    func messageNamesTheFlag(arguments: [String], message: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 64 && run.standardOutput.isEmpty)
        #expect(run.standardError.split(separator: "\n").first.map(String.init) == message, "\(run.standardError)")
    }

    @Test("-o --quiet is refused (exit 64) and writes no file named --quiet", arguments: [
        (["classify", "-o", "--quiet"], "abcxyz classify: -o needs a value (FILE); '--quiet' looks like an option "
            + "(for a value that starts with --, write --output=--quiet)"),
        (["classify", "--output", "--quiet"], "abcxyz classify: --output needs a value (FILE); '--quiet' looks like an option "
            + "(for a value that starts with --, write --output=--quiet)"),
        (["winback", "--manager", "--"], "abcxyz winback: --manager needs a value (NAME); '--' looks like an option "
            + "(for a value that starts with --, write --manager=--)"),
        (["generate", "--rows", "10", "--truth", "--quiet"], "abcxyz generate: --truth needs a value (FILE); "
            + "'--quiet' looks like an option (for a value that starts with --, write --truth=--quiet)"),
    ] as [([String], String)])
    func valueThatIsAnOption(arguments: [String], message: String) throws {
        try withTemporaryDirectory { directory in
            let run = try Binary.run(arguments, in: directory)
            #expect(run.status == 64 && run.standardOutput.isEmpty)
            #expect(run.standardError == message + "\nUsage: abcxyz \(arguments[0]) [options]"
                + (arguments[0] == "generate" ? "" : " [FILE]") + "; see 'abcxyz \(arguments[0]) --help'\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test("--output=--name still writes a file of that name, and - is still standard output")
    func meantValues() throws {
        try withTemporaryDirectory { directory in
            let written = try Binary.run(["classify", "--format", "csv", "--quiet", "--output=--listing.csv"],
                                         in: directory)
            #expect(written.status == 0 && written.standardOutput.isEmpty)
            let listing = try String(contentsOf: directory.appendingPathComponent("--listing.csv"), encoding: .utf8)
            #expect(listing == (try fixtureText("example/classify.csv")))
            let standardOutput = try Binary.run(["classify", "--format", "csv", "--quiet", "-o", "-"], in: directory)
            #expect(standardOutput.status == 0 && standardOutput.standardOutput == listing)
        }
    }
}
