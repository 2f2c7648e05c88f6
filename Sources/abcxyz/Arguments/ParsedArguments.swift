/// A command line split into options and positional arguments against a list
/// of definitions: `--name value`, `--name=value`, `-o value`, flags, `--`
/// to end options, and `-` as a positional (standard input).
struct ParsedArguments {
    private var values: [String: String] = [:]
    /// Every value of each option, in order, for the ones that may be repeated.
    private var repeated: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ arguments: [String], definitions: [OptionDefinition]) throws {
        var byName: [String: OptionDefinition] = [:]
        for definition in definitions {
            byName["--" + definition.name] = definition
            for alias in definition.aliases { byName["--" + alias] = definition }
            if let short = definition.short { byName["-\(short)"] = definition }
        }
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var key = argument
            var inlineValue: String? = nil
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                key = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let definition = byName[key] else {
                let known = byName.keys.filter { $0.hasPrefix("--") }
                let hint = ParsedArguments.closest(to: key, among: known).map { " (did you mean \($0)?)" } ?? ""
                throw UsageError("unknown option '\(key)'\(hint)")
            }
            if definition.isFlag {
                guard inlineValue == nil else { throw UsageError("--\(definition.name) takes no value") }
                flags.insert(definition.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("\(key) needs a value (\(definition.valueName!))")
                }
                value = arguments[index]
                index += 1
            }
            if let choices = definition.choices, !choices.contains(value) {
                throw UsageError("\(key) must be one of \(choices.joined(separator: ", ")); got '\(value)'")
            }
            values[definition.name] = value
            repeated[definition.name, default: []].append(value)
        }
    }

    /// The value given for an option, by its long name.
    subscript(name: String) -> String? { values[name] }

    /// Every value given for an option that may be repeated (`--manager A --manager B`).
    func all(_ name: String) -> [String] { repeated[name] ?? [] }

    /// Whether a flag was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The value converted by `convert`, or `nil` when not given; a value that
    /// does not convert is a usage error that says what was expected.
    func value<T>(_ name: String, expected: String, _ convert: (String) -> T?) throws -> T? {
        guard let text = values[name] else { return nil }
        guard let value = convert(text) else { throw UsageError("--\(name) expects \(expected); got '\(text)'") }
        return value
    }

    /// The known option nearest to a mistyped one (edit distance ≤ 2).
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var current = [i] + Array(repeating: 0, count: b.count)
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                     previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
        }
        let target = Array(word)
        return candidates
            .map { ($0, distance(target, Array($0))) }
            .filter { $0.1 <= 2 }
            .min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }
}
