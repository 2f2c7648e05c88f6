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
    /// Runs with the parsed command line; diagnostics go to `console.error`.
    func run(_ arguments: ParsedArguments, console: inout Console) throws
}

extension Command {
    var definitions: [OptionDefinition] { optionGroups.flatMap(\.options) + [Tool.helpOption] }

    var usage: String {
        "abcxyz \(name) [options]" + (argumentsHelp.isEmpty ? "" : " " + argumentsHelp.map { "[\($0.0)]" }.joined(separator: " "))
    }

    /// `--help` text: overview, usage, arguments, every option with its default.
    var help: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)"]
        let rows: [(String, String)] = argumentsHelp
        if !rows.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += HelpLayout.rows(rows)
        }
        for group in optionGroups + [OptionGroup(title: "OTHER", options: [Tool.helpOption])] {
            lines += ["", group.title + ":"]
            lines += HelpLayout.rows(group.options.map { option in
                var text = option.help
                if let choices = option.choices, !(option.help.contains(choices[0])) {
                    text += " (\(choices.joined(separator: "|")))"
                }
                if let defaultText = option.defaultText { text += " (default: \(defaultText))" }
                return (option.synopsis, text)
            })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Two-column help rows, wrapped to 100 columns.
enum HelpLayout {
    static func rows(_ rows: [(String, String)]) -> [String] {
        let width = min(30, (rows.map(\.0.count).max() ?? 0) + 2)
        var lines: [String] = []
        for (left, right) in rows {
            var words = right.split(separator: " ").map(String.init)
            var line = "  " + left
            if line.count + 2 > width + 2 {
                lines.append(line)
                line = ""
            }
            line = line.padding(to: width + 2)
            var first = true
            while !words.isEmpty {
                let word = words.removeFirst()
                if !first, line.count + 1 + word.count > 100 {
                    lines.append(line)
                    line = String(repeating: " ", count: width + 2)
                    first = true
                }
                line += (first ? "" : " ") + word
                first = false
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
