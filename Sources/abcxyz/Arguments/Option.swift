import ABCXYZ

/// A command-line option that takes a value, typed: the one place its names, help,
/// default, accepted text and range are written. Parsing, help and completion read
/// its ``definition``; a command reads the value with ``ParsedArguments/value(of:)``,
/// so a misspelt option is a compile error, not a silent `nil`.
///
/// ```swift
/// static let scale = Option<Int>.wholeNumber("scale", help: "Fraction digits", default: ReadOptions().scale)
/// let scale = try arguments.value(of: scale) ?? ReadOptions().scale
/// ```
struct Option<Value: Sendable>: OptionDefining {
    let definition: OptionDefinition
    /// What a value must be, for the message `--scale expects a whole number; got 'x'`.
    let expected: String
    /// The text as given → the value, or `nil` when it is not one (not of the type, or out of range).
    let convert: @Sendable (String) -> Value?

    /// - Parameters:
    ///   - valueName: how help shows the value (`DATE`).
    ///   - defaultText: the default as help prints it: the library's default value, spelt
    ///     (``DefaultText``), or a description where the library decides (`the latest date in the data`).
    ///   - choices: the fixed values, checked while parsing, listed in help and completed.
    ///   - takesFile: the value is a path (completion offers files).
    ///   - property: the library property it sets, for ``OptionsErrorText``.
    init(_ name: String, short: Character? = nil, aliases: [String] = [], value valueName: String,
         help: String, default defaultText: String? = nil, choices: [String]? = nil, takesFile: Bool = false,
         property: String? = nil, expected: String, convert: @escaping @Sendable (String) -> Value?) {
        definition = OptionDefinition(name: name, short: short, aliases: aliases, valueName: valueName, help: help,
                                      defaultText: defaultText, choices: choices, takesFile: takesFile,
                                      property: property)
        self.expected = expected
        self.convert = convert
    }
}

extension Option where Value == String {
    /// Any text: a column name, a path (`takesFile`), a list checked by the command.
    static func text(_ name: String, short: Character? = nil, value valueName: String, help: String,
                     default defaultText: String? = nil, takesFile: Bool = false) -> Option {
        Option(name, short: short, value: valueName, help: help, default: defaultText, takesFile: takesFile,
               expected: "a value", convert: { $0 })
    }

    /// A path: `FILE` in help, files in completion.
    static func file(_ name: String, short: Character? = nil, help: String, default defaultText: String? = nil) -> Option {
        text(name, short: short, value: "FILE", help: help, default: defaultText, takesFile: true)
    }
}

extension Option where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// One of an enumeration's raw values, e.g. `--period week|month|quarter`; the choices
    /// are the library's cases, the default the library's default.
    static func choice(_ name: String, value valueName: String, help: String, default defaultValue: Value?,
                       defaultText: String? = nil, property: String? = nil,
                       among cases: [Value] = Array(Value.allCases)) -> Option {
        let choices = cases.map(\.rawValue)
        return Option(name, value: valueName, help: help, default: defaultText ?? defaultValue?.rawValue,
                      choices: choices, property: property, expected: choices.joined(separator: ", "),
                      convert: Value.init(rawValue:))
    }
}

extension Option {
    /// One of a fixed list of words, each standing for a value (`on` → `true`).
    static func choice(_ name: String, value valueName: String, help: String, default defaultText: String?,
                       _ words: [(String, Value)]) -> Option where Value: Equatable {
        let choices = words.map(\.0)
        return Option(name, value: valueName, help: help, default: defaultText, choices: choices,
                      expected: choices.joined(separator: ", "),
                      convert: { text in words.first { $0.0 == text }?.1 })
    }
}

extension Option where Value == Int {
    /// A whole number, in `range` when one is given (else the library's `validate()` checks it).
    static func wholeNumber(_ name: String, aliases: [String] = [], value valueName: String = "N", help: String,
                            default defaultText: String? = nil, in range: ClosedRange<Int>? = nil,
                            property: String? = nil, expected: String = "a whole number") -> Option {
        Option(name, aliases: aliases, value: valueName, help: help, default: defaultText, property: property,
               expected: expected, convert: { text in
                   Int(text).flatMap { range == nil || range!.contains($0) ? $0 : nil }
               })
    }
}

extension Option where Value == Double {
    /// A finite number that `isValid` accepts (by default any; the library's `validate()` checks the range).
    static func number(_ name: String, value valueName: String, help: String, default defaultText: String? = nil,
                       property: String? = nil, expected: String = "a number",
                       where isValid: @escaping @Sendable (Double) -> Bool = { _ in true }) -> Option {
        Option(name, value: valueName, help: help, default: defaultText, property: property, expected: expected,
               convert: { text in Double(text).flatMap { $0.isFinite && isValid($0) ? $0 : nil } })
    }
}

extension Option where Value == Day {
    /// A day `YYYY-MM-DD` in the years an export can hold (``Day/dataYears``).
    static func date(_ name: String, help: String, default defaultText: String? = nil,
                     property: String? = nil) -> Option {
        Option(name, value: "DATE", help: help, default: defaultText, property: property,
               expected: "a date YYYY-MM-DD from \(Day.earliestData) to \(Day.latestData)",
               convert: { Day(iso: $0).flatMap { $0.isInDataRange ? $0 : nil } })
    }

    /// A day `YYYY-MM-DD`, any year (the library checks where it must fall).
    static func anyDate(_ name: String, help: String, default defaultText: String? = nil) -> Option {
        Option(name, value: "DATE", help: help, default: defaultText, expected: "a date YYYY-MM-DD",
               convert: { Day(iso: $0) })
    }
}

extension Option {
    /// The same option (names, help, default) with other help: one option that
    /// two commands describe in their own words (`-o` of `generate`: the export).
    func described(_ help: String, default defaultText: String? = nil) -> Option {
        let d = definition
        return Option(d.name, short: d.short, aliases: d.aliases, value: d.valueName!, help: help,
                      default: defaultText ?? d.defaultText, choices: d.choices, takesFile: d.takesFile,
                      property: d.property, expected: expected, convert: convert)
    }

    /// The same option read another way: a command whose library options give it
    /// another range (the model's `--horizon` takes 0 to 1000 years, the method's at most 100).
    func reading<Other>(as _: Other.Type = Other.self, expected: String,
                        _ convert: @escaping @Sendable (String) -> Other?) -> Option<Other> {
        let d = definition
        return Option<Other>(d.name, short: d.short, aliases: d.aliases, value: d.valueName!, help: d.help,
                             default: d.defaultText, choices: d.choices, takesFile: d.takesFile,
                             property: d.property, expected: expected, convert: convert)
    }
}
