/// One command-line option: its names, what it takes, its default and its help.
struct OptionDefinition: Sendable {
    /// The long name without dashes, e.g. `as-of`; the key options are read by.
    let name: String
    /// A one-letter alias, e.g. `o` for `-o`.
    let short: Character?
    /// Other long names that mean the same, e.g. `periods` for `months`.
    let aliases: [String]
    /// What the value looks like in help (`DATE`), or `nil` for a flag.
    let valueName: String?
    /// What it does, one line.
    let help: String
    /// The default, as help prints it.
    let defaultText: String?
    /// The values it accepts, when there is a fixed list.
    let choices: [String]?

    init(_ name: String, short: Character? = nil, aliases: [String] = [], value: String? = nil,
         help: String, default defaultText: String? = nil, choices: [String]? = nil) {
        self.name = name
        self.short = short
        self.aliases = aliases
        self.valueName = value
        self.help = help
        self.defaultText = defaultText
        self.choices = choices
    }

    var isFlag: Bool { valueName == nil }

    /// `-o, --output FILE` as help shows it.
    var synopsis: String {
        var names = short.map { "-\($0), " } ?? ""
        names += (["--" + name] + aliases.map { "--" + $0 }).joined(separator: ", ")
        if let valueName { names += " " + valueName }
        return names
    }
}

/// Options that appear together in help under one heading.
struct OptionGroup: Sendable {
    let title: String
    let options: [OptionDefinition]
}

/// A command line that cannot be run as given: printed with the command's
/// usage line, exit status 64.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
