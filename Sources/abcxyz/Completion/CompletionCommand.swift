/// `abcxyz completion bash|zsh|fish`: prints a completion script made from the
/// commands' option definitions, so it can never offer an option that is gone.
struct CompletionCommand: Command {
    /// The shells a script can be written for.
    enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish
    }

    var name: String { "completion" }

    var abstract: String {
        "Print a completion script for bash, zsh or fish: commands, options and their values."
    }

    var argumentsHelp: [(String, String)] {
        [("SHELL", "bash (source it, or save it as /etc/bash_completion.d/abcxyz), zsh (save it as _abcxyz in "
            + "a folder of $fpath) or fish (save it as ~/.config/fish/completions/abcxyz.fish)")]
    }

    var argumentCompletion: ArgumentCompletion { .choices(Shell.allCases.map(\.rawValue)) }

    var optionGroups: [OptionGroup] { [] }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let shells = Shell.allCases.map(\.rawValue).joined(separator: ", ")
        guard arguments.positionals.count == 1, let shell = Shell(rawValue: arguments.positionals[0]) else {
            let given = arguments.positionals.isEmpty ? "" : "; got '\(arguments.positionals.joined(separator: " "))'"
            throw UsageError("completion takes one SHELL: \(shells)\(given)")
        }
        let tool = CompletionModel(Tool())
        let script = switch shell {
        case .bash: BashCompletion.script(tool)
        case .zsh: ZshCompletion.script(tool)
        case .fish: FishCompletion.script(tool)
        }
        try console.print(script)
    }
}
