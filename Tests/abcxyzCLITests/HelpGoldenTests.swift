import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every help text, `--version` and the unknown-command message, compared byte for byte
/// with `fixtures/help/`. The goldens were written by the binary before the options got
/// one typed definition each, so they prove the refactor changed no byte of help.
///
/// To regenerate them on purpose (after a deliberate change of help):
/// `ABCXYZ_UPDATE_GOLDENS=1 swift test --filter HelpGoldenTests`, then review `git diff fixtures/help`.
@Suite("Help, version and unknown commands match fixtures/help/ byte for byte")
struct HelpGoldenTests {
    static let commands = ["classify", "winback", "services", "report", "model", "backtest", "generate", "sql", "completion"]

    /// The default of `--threads` is this machine's processor count; the goldens hold a placeholder.
    static let processorsPlaceholder = "{processors}"
    static var processors: String { "\(max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))" }

    /// Compares `actual` with the golden `name`, or rewrites the golden when `ABCXYZ_UPDATE_GOLDENS` is set.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = repositoryRoot.appendingPathComponent("fixtures/help/" + name)
        let threadsDefault = "(default: \(processors) (processors))"
        if ProcessInfo.processInfo.environment["ABCXYZ_UPDATE_GOLDENS"] != nil {
            let generic = actual.replacingOccurrences(
                of: threadsDefault, with: "(default: \(processorsPlaceholder) (processors))")
            try generic.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: processorsPlaceholder, with: processors)
        #expect(actual == expected, "differs from fixtures/help/\(name)", sourceLocation: sourceLocation)
    }

    @Test("abcxyz --help, -h and help print the command list")
    func toolHelp() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 0 && run.standardError.isEmpty)
            try Self.expectGolden(run.standardOutput, "abcxyz.txt")
        }
    }

    @Test("abcxyz without a command prints the command list on standard error, exit 64")
    func noCommand() throws {
        let run = try Binary.run([])
        #expect(run.status == 64 && run.standardOutput.isEmpty)
        try Self.expectGolden(run.standardError, "abcxyz.txt")
    }

    @Test("help <command>, <command> --help and <command> -h print the same page", arguments: commands)
    func commandHelp(command: String) throws {
        for arguments in [["help", command], [command, "--help"], [command, "-h"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 0 && run.standardError.isEmpty, "\(arguments)")
            try Self.expectGolden(run.standardOutput, command + ".txt")
        }
    }

    @Test("--version prints the version")
    func version() throws {
        let run = try Binary.run(["--version"])
        #expect(run.status == 0 && run.standardError.isEmpty)
        try Self.expectGolden(run.standardOutput, "version.txt")
    }

    @Test("help bogus and bogus: unknown command on standard error, exit 64", arguments: [["help", "bogus"], ["bogus"]])
    func unknownCommand(arguments: [String]) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 64 && run.standardOutput.isEmpty)
        try Self.expectGolden(run.standardError, "help-bogus.stderr.txt")
    }
}
