/// What a positional argument completes to.
enum ArgumentCompletion: Sendable, Equatable {
    /// Nothing: the command takes no positional argument.
    case none
    /// Paths (FILE).
    case files
    /// One of these words.
    case choices([String])
}

/// The command line as the completion scripts see it: every command, its options
/// (from the same definitions that parse and print help) and what its argument is.
struct CompletionModel {
    struct CommandEntry {
        let name: String
        let abstract: String
        let options: [OptionDefinition]
        let argument: ArgumentCompletion
    }

    let commands: [CommandEntry]
    /// The words that may follow `abcxyz` besides the commands.
    let rootOptions = ["--help", "-h", "--version"]

    init(_ tool: Tool) {
        commands = tool.commands.map { command in
            CommandEntry(name: command.name, abstract: command.abstract, options: command.definitions,
                         argument: command.argumentCompletion)
        }
    }

    var commandNames: [String] { commands.map(\.name) }

}
