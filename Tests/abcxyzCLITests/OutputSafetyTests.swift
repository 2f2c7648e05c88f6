import Foundation
import Testing

/// Outputs never overwrite the input or each other, and a file at an output's
/// path is always a complete output (or whatever was there before).
@Suite("Output safety: no output destroys the input, and outputs are written whole or not at all")
struct OutputSafetyTests {
    static let example = repositoryRoot.appendingPathComponent("fixtures/example/transactions.csv")

    /// A folder holding `in.csv` (the worked example), `link.csv` (a symbolic
    /// link to it) and `hard.csv` (a hard link to it).
    func withInput<T>(_ body: (URL, Data) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            let bytes = try Data(contentsOf: Self.example)
            try bytes.write(to: directory.appendingPathComponent("in.csv"))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.csv").path,
                                                       withDestinationPath: "in.csv")
            try FileManager.default.linkItem(at: directory.appendingPathComponent("in.csv"),
                                             to: directory.appendingPathComponent("hard.csv"))
            return try body(directory, bytes)
        }
    }

    func entries(_ directory: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
    }

    @Test("An output that is the input FILE (by name, symbolic or hard link) is refused with exit 64, naming both",
          arguments: [
              (["classify", "in.csv", "-o", "in.csv"], "--output"),
              (["classify", "in.csv", "-o", "link.csv"], "--output"),
              (["classify", "in.csv", "-o", "hard.csv"], "--output"),
              (["classify", "link.csv", "--output=./in.csv"], "--output"),
              (["classify", "in.csv", "--on-error", "skip", "--rejects", "in.csv"], "--rejects"),
              (["classify", "in.csv", "--winback-output", "link.csv"], "--winback-output"),
              (["winback", "in.csv", "-o", "in.csv"], "--output"),
              (["report", "in.csv", "-o", "hard.csv"], "--output"),
              (["model", "in.csv", "-o", "link.csv"], "--output"),
              (["model", "in.csv", "--clients", "in.csv"], "--clients"),
              (["model", "--summary", "in.csv", "--clients", "hard.csv"], "--clients"),
          ])
    func outputThatIsTheInput(arguments: [String], option: String) throws {
        try withInput { directory, bytes in
            let run = try Binary.run(arguments, in: directory)
            #expect(run.status == 64)
            #expect(run.standardError.contains("\(option) "))
            #expect(run.standardError.contains("is the input FILE"))
            #expect(try Data(contentsOf: directory.appendingPathComponent("in.csv")) == bytes)
            #expect(try entries(directory) == ["in.csv", "link.csv", "hard.csv"])
        }
    }

    @Test("Standard input redirected from the output's file is refused too")
    func outputThatIsTheFileOnStandardInput() throws {
        try withInput { directory, bytes in
            let input = try FileHandle(forReadingFrom: directory.appendingPathComponent("in.csv"))
            defer { try? input.close() }
            let run = try Binary.run(["classify", "-o", "link.csv"], standardInput: input, in: directory)
            #expect(run.status == 64)
            #expect(run.standardError.contains("--output link.csv is the file on standard input"))
            #expect(try Data(contentsOf: directory.appendingPathComponent("in.csv")) == bytes)
        }
    }

    @Test("Two outputs on one file (or both on standard output) are refused with exit 64, naming both options",
          arguments: [
              (["classify", "in.csv", "-o", "s.csv", "--winback-output", "s.csv"], "--output", "--winback-output"),
              (["classify", "in.csv", "-o", "s.csv", "--winback-output", "./s.csv"], "--output", "--winback-output"),
              (["classify", "in.csv", "--on-error", "skip", "--rejects", "r.csv", "-o", "r.csv"],
               "--output", "--rejects"),
              (["classify", "in.csv", "--winback-output", "-"], "--output", "--winback-output"),
              (["report", "in.csv", "--on-error", "skip", "--rejects", "-"], "--output", "--rejects"),
              (["generate", "--rows", "10", "-o", "g.csv", "--truth", "g.csv"], "--output", "--truth"),
          ])
    func twoOutputsOnOneFile(arguments: [String], first: String, second: String) throws {
        try withInput { directory, _ in
            let run = try Binary.run(arguments, in: directory)
            #expect(run.status == 64)
            #expect(run.standardError.contains("\(first) and \(second) "))
            #expect(run.standardOutput.isEmpty)
            #expect(try entries(directory) == ["in.csv", "link.csv", "hard.csv"])
        }
    }

    @Test("-o - writes to standard output, not to a file named -")
    func dashIsStandardOutput() throws {
        try withInput { directory, _ in
            let run = try Binary.run(["classify", "in.csv", "--format", "csv", "-o", "-"], in: directory)
            #expect(run.status == 0)
            #expect(run.standardOutput == (try fixtureText("example/classify.csv")))
            let winBack = try Binary.run(["classify", "in.csv", "--format", "csv", "-o", "/dev/null",
                                          "--winback-output", "-"], in: directory)
            #expect(winBack.standardOutput == (try fixtureText("example/winback.csv")))
            #expect(try entries(directory) == ["in.csv", "link.csv", "hard.csv"])
        }
    }

    /// Runs `abcxyz` under `ulimit -f 1`: any file write past 512 bytes fails
    /// (EFBIG). Every output here is over 2 KB.
    func runWithTinyFileLimit(_ arguments: [String], in directory: URL) throws -> Binary.Run {
        try Binary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                       ["-c", "ulimit -f 1; exec \"$0\" \"$@\"", Binary.url.path] + arguments, in: directory)
    }

    @Test("A failed write exits 74, keeps the earlier file at the path intact and leaves no temporary file",
          arguments: [
              ["classify", "in.csv", "--format", "csv", "-o", "out.csv"],
              ["classify", "in.csv", "-o", "/dev/null", "--winback-output", "out.csv"],
              ["classify", "bad.csv", "--on-error", "skip", "--rejects", "out.csv", "-o", "/dev/null"],
              ["report", "in.csv", "-o", "out.csv"],
              ["generate", "--rows", "2000", "-o", "out.csv", "--truth", "truth.csv"],
          ])
    func failedWriteKeepsEarlierFile(arguments: [String]) throws {
        try withTemporaryDirectory { directory in
            let generated = try Binary.run(["generate", "--rows", "2000", "-q", "-o", "in.csv"], in: directory)
            try #require(generated.status == 0)
            let bad = "client,date,amount\nSolo,2025-01-01,1.00\n"
                + String(repeating: "Solo,2025-01-02,not-an-amount\n", count: 200)
            try Data(bad.utf8).write(to: directory.appendingPathComponent("bad.csv"))
            let earlier = Data("an earlier, complete file\n".utf8)
            try earlier.write(to: directory.appendingPathComponent("out.csv"))
            let before = try entries(directory)

            let run = try runWithTinyFileLimit(arguments + ["-q"], in: directory)
            #expect(run.status == 74)
            #expect(run.standardError.contains("out.csv: cannot write: File too large"))
            #expect(try Data(contentsOf: directory.appendingPathComponent("out.csv")) == earlier)
            #expect(try entries(directory) == before)
        }
    }

    @Test("Replacing a file keeps its permission bits and a symbolic link to it, and leaves no temporary file")
    func replacementKeepsModeAndLink() throws {
        try withInput { directory, _ in
            let target = directory.appendingPathComponent("target.csv")
            try Data("earlier\n".utf8).write(to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("out.csv").path,
                                                       withDestinationPath: "target.csv")
            let run = try Binary.run(["classify", "in.csv", "--format", "csv", "-o", "out.csv"], in: directory)
            #expect(run.status == 0)
            #expect(try String(contentsOf: target, encoding: .utf8) == (try fixtureText("example/classify.csv")))
            let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try FileManager.default.destinationOfSymbolicLink(
                atPath: directory.appendingPathComponent("out.csv").path) == "target.csv")
            #expect(try entries(directory) == ["in.csv", "link.csv", "hard.csv", "target.csv", "out.csv"])
        }
    }
}
