import ABCXYZ

/// The root command: dispatches to subcommands, prints help and version,
/// and turns errors into messages and exit statuses.
struct Tool {
    static let version = "0.1.0"
    /// `--help` of every command.
    static let helpFlag = Flag("help", short: "h", help: "Show this help")

    let commands: [any Command] = [
        ListingCommand(listing: .clients),
        ListingCommand(listing: .winBack),
        ListingCommand(listing: .services),
        ReportCommand(),
        ModelCommand(),
        BacktestCommand(),
        GenerateCommand(),
        SQLCommand(),
        CompletionCommand(),
    ]

    var help: String {
        var lines = [
            "OVERVIEW: abcxyz tells a business which lost clients to win back first, and what losing them costs.",
            "",
            "USAGE: abcxyz <command> [options] [FILE]",
            "",
            "COMMANDS:",
        ]
        lines += HelpLayout.rows(commands.map { ($0.name, [$0.abstract]) }, width: 12)
        lines += ["", "OPTIONS:"]
        lines += HelpLayout.rows([("-h, --help", ["Show help (also: abcxyz <command> --help)"]),
                                  ("--version", ["Show the version"])], width: 12)
        lines += ["", "Without FILE (and with nothing piped in) every command runs on the bundled worked example: "
            + "try 'abcxyz classify'."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs a command line (without the program name) and returns the exit status.
    func run(_ arguments: [String], console: inout Console) -> ExitStatus {
        guard let first = arguments.first else {
            console.error(help)
            return .usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            if first == "help", arguments.count > 1 {
                guard let command = commands.first(where: { $0.name == arguments[1] }) else {
                    return unknownCommand(arguments[1], console: console)
                }
                return printOut(command.help, console: &console)
            }
            return printOut(help, console: &console)
        }
        if first == "--version" { return printOut(Tool.version + "\n", console: &console) }
        guard let command = commands.first(where: { $0.name == first }) else {
            return unknownCommand(first, console: console)
        }
        let rest = Array(arguments.dropFirst())
        do {
            let parsed = try ParsedArguments(rest, definitions: command.definitions)
            if parsed.isSet(Tool.helpFlag) { return printOut(command.help, console: &console) }
            try command.run(parsed, console: &console)
            return .success
        } catch {
            return report(error, command: command, console: console)
        }
    }

    private func unknownCommand(_ name: String, console: Console) -> ExitStatus {
        let hint = ParsedArguments.closest(to: name, among: commands.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
        console.error("abcxyz: unknown command '\(name)'\(hint)\nUsage: abcxyz <command> [options] [FILE]; see 'abcxyz --help'")
        return .usage
    }

    private func printOut(_ text: String, console: inout Console) -> ExitStatus {
        do {
            try console.print(text)
            return .success
        } catch {
            console.error("abcxyz: \(error)")
            return .ioError
        }
    }

    /// One clear line on standard error, and the status that says what kind of failure it was.
    private func report(_ error: any Error, command: any Command, console: Console) -> ExitStatus {
        switch error {
        case let error as UsageError:
            console.error("abcxyz \(command.name): \(error)\nUsage: \(command.usage); see 'abcxyz \(command.name) --help'")
            return .usage
        case let error as OptionsError:
            console.error("abcxyz \(command.name): \(OptionsErrorText.text(error))")
            return .usage
        case let error as ReadError:
            switch error.reason {
            case .cannotOpen, .changedWhileReading, .inputTooLarge:  // the input cannot be read whole
                console.error("abcxyz: \(error)")
                return .noInput
            case .cannotSpill:  // TMPDIR has no room for the rows that do not fit in memory
                console.error("abcxyz: \(error)")
                return .cannotCreate
            case .unknownKeptColumn, .keptColumnNotFree:  // an option that does not fit the header
                console.error("abcxyz \(command.name): \(error.file): \(error.message)\n"
                    + "Usage: \(command.usage); see 'abcxyz \(command.name) --help'")
                return .usage
            default: break
            }
            var location = error.file
            if let line = error.line { location += ":\(line)" }
            if let column = error.column { location += ":\(column)" }
            console.error("\(location): error: \(error.message)")
            if case .columnForTwoRoles = error.reason { return .usage }  // the options, not the data
            return .dataError
        case let error as AnalysisError:
            console.error("abcxyz: \(error)")
            return .dataError
        case let error as ModelFitError:
            console.error("abcxyz \(command.name): \(error)")
            return .dataError
        case let error as SummaryFileError:
            var location = error.file
            if let line = error.line { location += ":\(line)" }
            if let column = error.column { location += ":\(column)" }
            console.error("\(location): error: \(error.message)")
            return .dataError
        case OutputFailure.cannotCreate(let error):
            console.error("abcxyz: \(error)")
            return .cannotCreate
        case let error as OutputError:
            console.error("abcxyz: \(error)")
            return .ioError
        default:
            console.error("abcxyz: internal error: \(error)")
            return .software
        }
    }
}
