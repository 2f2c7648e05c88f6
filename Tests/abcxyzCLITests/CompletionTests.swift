import Foundation
import Testing

/// A shell found on `PATH`, for the completion scripts: `.ci/run` installs zsh and fish and
/// sets ABCXYZ_REQUIRE_ZSH=1 and ABCXYZ_REQUIRE_FISH=1, so CI cannot skip their checks.
struct Shell: Sendable {
    let name: String

    var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/bin", "/bin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    var required: Bool { ProcessInfo.processInfo.environment["ABCXYZ_REQUIRE_\(name.uppercased())"] == "1" }

    /// Skipped, and saying why, when the shell is missing, unless ABCXYZ_REQUIRE_<SHELL>=1 makes that a failure.
    var available: ConditionTrait {
        .enabled(if: path != nil || required, "skipped: \(name) not found (apt-get install \(name))")
    }

    func run(_ arguments: [String]) throws -> Binary.Run {
        let shell = try #require(path, "\(name) is not installed (apt-get install \(name))")
        return try Binary.run(executable: URL(fileURLWithPath: shell), arguments)
    }
}

@Suite("abcxyz completion: scripts for bash, zsh and fish from the option definitions")
struct CompletionTests {
    static let bash = Shell(name: "bash")
    static let commands = ["classify", "winback", "services", "report", "model", "backtest", "generate"]

    /// The script `abcxyz completion <shell>` prints, saved to a temporary file.
    static func withScript<T>(_ shell: String, _ body: (String) throws -> T) throws -> T {
        let run = try Binary.run(["completion", shell])
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
        return try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("abcxyz.\(shell)").path
            try run.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
            return try body(path)
        }
    }

    /// What bash's completion function offers for `words`, the last being the word under the
    /// cursor, as a shell calls it: COMP_WORDS and COMP_CWORD set, `_abcxyz` called, COMPREPLY read.
    static func bashCompletions(_ words: [String]) throws -> [String] {
        try withScript("bash") { script in
            let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
            let program = "source \(script); COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); "
                + "_abcxyz; printf '%s\\n' \"${COMPREPLY[@]}\""
            let run = try bash.run(["--norc", "--noprofile", "-c", program])
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
            return run.standardOutput.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
    }

    @Test("bash completes commands, options, their fixed values and files", Self.bash.available, arguments: [
        (["abcxyz", "cl"], ["classify"]),
        (["abcxyz", "ba"], ["backtest"]),
        (["abcxyz", "--v"], ["--version"]),
        (["abcxyz", "help", "re"], ["report"]),
        (["abcxyz", "classify", "--form"], ["--format", "--formula-guard"]),
        (["abcxyz", "classify", "--forma"], ["--format"]),
        (["abcxyz", "classify", "--abc-m"], ["--abc-measure"]),
        (["abcxyz", "classify", "--format", ""], ["table", "csv", "json", "xlsx"]),
        (["abcxyz", "classify", "--format", "=", "c"], ["csv"]),
        (["abcxyz", "classify", "--period", ""], ["week", "month", "quarter"]),
        (["abcxyz", "classify", "--xyz-measure", "p"], ["purchase-days"]),
        (["abcxyz", "classify", "--date-format", ""], ["auto", "DD/MM/YYYY", "MM/DD/YYYY"]),
        (["abcxyz", "classify", "--model", ""], ["bgnbd", "pareto-nbd"]),
        (["abcxyz", "classify", "--months", ""], []),
        (["abcxyz", "winback", "--status", ""], ["at-risk", "lost"]),
        (["abcxyz", "winback", "--order", ""], ["tier", "value", "recency"]),
        (["abcxyz", "report", "--format", ""], ["table", "json", "markdown", "html", "xlsx"]),
        (["abcxyz", "report", "--service-period", ""], ["cycle", "month", "quarter", "year"]),
        (["abcxyz", "model", "--as"], ["--as-of"]),
        (["abcxyz", "backtest", "--as"], []),
        (["abcxyz", "backtest", "--format", ""], ["table", "json", "html"]),
        (["abcxyz", "generate", "--dialect", ""], ["clean", "messy"]),
        (["abcxyz", "generate", "--tr"], ["--truth"]),
        (["abcxyz", "completion", ""], ["bash", "zsh", "fish"]),
        (["abcxyz", "classify", "fixtures/example/trans"], ["fixtures/example/transactions.csv"]),
        (["abcxyz", "classify", "-o", "fixtures/example/trans"], ["fixtures/example/transactions.csv"]),
        (["abcxyz", "generate", "--truth", "fixtures/example/trans"], ["fixtures/example/transactions.csv"]),
    ] as [([String], [String])])
    func bashCompletes(words: [String], expected: [String]) throws {
        #expect(try Self.bashCompletions(words) == expected, "\(words)")
    }

    /// The long options of a command, as its golden help (written before completion existed) lists them.
    static func longOptions(inHelpOf command: String) throws -> Set<String> {
        var options: Set<String> = []
        for line in try fixtureText("help/\(command).txt").split(separator: "\n") where line.hasPrefix("  -") {
            let names = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: true)
            for word in names {
                let name = word.hasSuffix(",") ? word.dropLast() : word
                guard name.hasPrefix("-") else { break }
                if name.hasPrefix("--") { options.insert(String(name)) }
            }
        }
        return options
    }

    @Test("bash offers, after --, exactly the long options the command's help lists", Self.bash.available,
          arguments: commands)
    func bashOffersEveryOption(command: String) throws {
        let offered = Set(try Self.bashCompletions(["abcxyz", command, "--"]))
        #expect(offered == (try Self.longOptions(inHelpOf: command)))
    }

    @Test("The zsh script parses (zsh -n), registers _abcxyz, and hands each command its option specs",
          Shell(name: "zsh").available)
    func zshParses() throws {
        try Self.withScript("zsh") { script in
            let zsh = Shell(name: "zsh")
            let parse = try zsh.run(["-n", script])
            #expect(parse.status == 0 && parse.standardError.isEmpty, "\(parse.standardError)")
            let loaded = try zsh.run(["-f", "-c", "autoload -U compinit; compinit -u -D; source \(script); "
                + "print -r -- ${_comps[abcxyz]}"])
            #expect(loaded.status == 0 && loaded.standardOutput == "_abcxyz\n", "\(loaded.standardError)")
            // _arguments and _describe stubbed to print what they are given, for `abcxyz classify --format <TAB>`.
            let dispatched = try zsh.run(["-f", "-c", "compdef() { :; }; source \(script); "
                + "_arguments() { print -rl -- \"$@\"; }; _describe() { print -r -- describe; }; "
                + "words=(abcxyz classify --format ''); CURRENT=4; _abcxyz"])
            #expect(dispatched.status == 0 && dispatched.standardError.isEmpty, "\(dispatched.standardError)")
            let specs = dispatched.standardOutput.split(separator: "\n").map(String.init)
            #expect(specs.contains("--format=[table (aligned, for people), csv or json (docs/spec.md §11 exactly), "
                + "xlsx (an Excel workbook, needs -o FILE)]:FORMAT:(table csv json xlsx)"))
            #expect(specs.contains("(--output -o)-o[Write to FILE instead of standard output]:FILE:_files"))
            #expect(specs.contains("(--months --periods)--periods=[Periods in the window, N (months unless --period "
                + "says otherwise); revenue covers the window, purchases, aov and the rate cv the whole history "
                + "\\[§2\\]]:N: "))
            #expect(specs.contains("1:FILE:_files"))
            #expect(!specs.contains { $0.hasPrefix("--cut") }, "classify has no --cut")
        }
    }

    @Test("The fish script parses (fish -n) and loads", Shell(name: "fish").available)
    func fishParses() throws {
        try Self.withScript("fish") { script in
            let parse = try Shell(name: "fish").run(["--no-config", "-n", script])
            #expect(parse.status == 0 && parse.standardError.isEmpty, "\(parse.standardError)")
            // Loaded, and asked what follows `abcxyz classify --format `.
            let run = try Shell(name: "fish").run(["--no-config", "-c",
                                                   "source \(script); complete -C 'abcxyz classify --format '"])
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
            let values = run.standardOutput.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
            #expect(values == ["csv", "json", "table", "xlsx"] || values == ["table", "csv", "json", "xlsx"])
        }
    }

    @Test("completion without a shell, or with another, is a usage error naming the shells")
    func unknownShell() throws {
        for arguments in [["completion"], ["completion", "tcsh"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 64 && run.standardOutput.isEmpty)
            #expect(run.standardError.hasPrefix("abcxyz completion: completion takes one SHELL: bash, zsh, fish"))
        }
    }
}
