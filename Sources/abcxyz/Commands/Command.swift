import ABCXYZ

/// A subcommand of `abcxyz`.
protocol Command: Sendable {
    /// The word after `abcxyz`.
    var name: String { get }
    /// One line for the command list.
    var abstract: String { get }
    /// What FILE and the other arguments are, for help.
    var argumentsHelp: [(String, String)] { get }
    var optionGroups: [OptionGroup] { get }
    /// What the shell completes for the positional argument (``ArgumentCompletion``).
    var argumentCompletion: ArgumentCompletion { get }
    /// Runs with the parsed command line; diagnostics go to `console.error`.
    func run(_ arguments: ParsedArguments, console: inout Console) throws
}

extension Command {
    /// Paths for a command that takes FILE, nothing for one that takes no argument.
    var argumentCompletion: ArgumentCompletion {
        argumentsHelp.contains { $0.0 == "FILE" } ? .files : .none
    }

    /// Every option the command takes, `--help` last: what its command line is parsed against.
    var definitions: [OptionDefinition] { optionGroups.flatMap(\.options) + [Tool.helpFlag.definition] }

    var usage: String {
        "abcxyz \(name) [options]" + (argumentsHelp.isEmpty ? "" : " " + argumentsHelp.map { "[\($0.0)]" }.joined(separator: " "))
    }

    /// `--help` text: overview, usage, arguments, every option with its default.
    var help: String {
        let groups = optionGroups + [OptionGroup(title: "OTHER", options: [Tool.helpFlag])]
        let width = HelpLayout.width(for: argumentsHelp.map(\.0) + groups.flatMap { $0.options.map(\.synopsis) })
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)"]
        if !argumentsHelp.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += HelpLayout.rows(argumentsHelp.map { ($0.0, [$0.1]) }, width: width)
        }
        for group in groups {
            lines += ["", group.title + ":"]
            lines += HelpLayout.rows(group.options.map { option in
                var text = [option.help]
                if let choices = option.choices, !option.help.contains(choices[0]) {
                    text.append("(\(choices.joined(separator: "|")))")
                }
                if let defaultText = option.defaultText { text.append("(default: \(defaultText))") }
                return (option.synopsis, text)
            }, width: width)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Two-column help rows, wrapped to 100 columns.
enum HelpLayout {
    /// The left column's width: the longest name that fits, at most 28.
    static func width(for names: [String]) -> Int {
        min(28, names.map(\.count).max() ?? 0) + 2
    }

    /// Each row's right side is a list of pieces: the first wraps at spaces,
    /// the others (choices, the default) are never broken.
    static func rows(_ rows: [(String, [String])], width: Int) -> [String] {
        var lines: [String] = []
        let indent = String(repeating: " ", count: width + 2)
        for (left, pieces) in rows {
            var line = "  " + left
            if line.count > width + 1 {
                lines.append(line)
                line = ""
            }
            line = line.padding(to: width + 2)
            let words = pieces.enumerated().flatMap { index, piece in
                index == 0 ? piece.split(separator: " ").map(String.init) : [piece]
            }
            var lineHasWord = false
            for word in words {
                if lineHasWord, line.count + 1 + word.count > 100 {
                    lines.append(line)
                    line = indent
                    lineHasWord = false
                }
                line += (lineHasWord ? " " : "") + word
                lineHasWord = true
            }
            lines.append(line)
        }
        return lines
    }
}

extension String {
    func padding(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
