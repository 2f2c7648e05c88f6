/// What parsing, help and completion need to know of one option, whatever its
/// value's type: its names, what it takes, its default as help prints it, and
/// its fixed values. Made only by ``Option`` and ``Flag``, which add the type.
struct OptionDefinition: Sendable {
    /// The long name without dashes, e.g. `as-of`.
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
    /// The values it accepts, when there is a fixed list (help lists them, completion offers them).
    let choices: [String]?
    /// Whether the value names a file, so completion offers paths.
    let takesFile: Bool
    /// The property of the library's options this option sets (`horizonYears`), so a
    /// library ``OptionsError`` about it can be told in the words of the command line.
    let property: String?

    var isFlag: Bool { valueName == nil }

    /// `--as-of`, as messages name the option.
    var flag: String { "--" + name }

    /// `-o, --output FILE` as help shows it.
    var synopsis: String {
        var names = short.map { "-\($0), " } ?? ""
        names += (["--" + name] + aliases.map { "--" + $0 }).joined(separator: ", ")
        if let valueName { names += " " + valueName }
        return names
    }

    /// Every spelling on the command line: `--output`, `-o`, and the aliases.
    var spellings: [String] {
        ["--" + name] + aliases.map { "--" + $0 } + (short.map { ["-\($0)"] } ?? [])
    }
}

/// An ``Option`` or a ``Flag``: anything that can be listed in an ``OptionGroup``.
protocol OptionDefining: Sendable {
    var definition: OptionDefinition { get }
}
