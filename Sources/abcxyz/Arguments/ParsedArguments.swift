/// A command line split into options and positional arguments against a list
/// of definitions: `--name value`, `--name=value`, `-o value`, flags, `--`
/// to end options, and `-` as a positional (standard input). Values are read
/// through the typed ``Option`` and ``Flag``, never by a name typed at the call site.
struct ParsedArguments {
    /// The last value given for each option, by long name.
    private var values: [String: String] = [:]
    /// Every value of each option, in order, for the ones that may be repeated.
    private var repeated: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ arguments: [String], definitions: [OptionDefinition]) throws {
        var byName: [String: OptionDefinition] = [:]
        for definition in definitions {
            for spelling in definition.spellings {
                // Two options of one command spelt alike: the later would silently win.
                assert(byName[spelling] == nil, "\(spelling) is defined twice")
                byName[spelling] = definition
            }
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
                // `-o --quiet` is a forgotten value, not a file named `--quiet`; `--output=--quiet` says it is meant.
                if value.hasPrefix("--") {
                    throw UsageError("\(key) needs a value (\(definition.valueName!)); '\(value)' looks like an option "
                        + "(for a value that starts with --, write --\(definition.name)=\(value))")
                }
            }
            if let choices = definition.choices, !choices.contains(value) {
                throw UsageError("\(key) must be one of \(choices.joined(separator: ", ")); got '\(value)'")
            }
            values[definition.name] = value
            repeated[definition.name, default: []].append(value)
        }
    }

    /// The value given for `option` (the last, when given more than once), or `nil` when not given;
    /// a value that does not convert is a usage error that names the option and says what was expected.
    func value<Value>(of option: Option<Value>) throws -> Value? {
        guard let text = values[option.definition.name] else { return nil }
        guard let value = option.convert(text) else {
            throw UsageError("\(option.definition.flag) expects \(option.expected); got '\(text)'")
        }
        return value
    }

    /// Sets `target` to the value given for `option`, and leaves it (the library's default) when none was.
    func assign<Value>(_ option: Option<Value>, to target: inout Value) throws {
        if let value = try value(of: option) { target = value }
    }

    /// Every value given for an option that may be repeated (`--manager A --manager B`), in order.
    func values<Value>(of option: Option<Value>) throws -> [Value] {
        try (repeated[option.definition.name] ?? []).map { text in
            guard let value = option.convert(text) else {
                throw UsageError("\(option.definition.flag) expects \(option.expected); got '\(text)'")
            }
            return value
        }
    }

    /// The text given for `option`, as typed: a path, or the option echoed in a message.
    func text<Value>(of option: Option<Value>) -> String? { values[option.definition.name] }

    /// Every text given for `option`, in order.
    func texts<Value>(of option: Option<Value>) -> [String] { repeated[option.definition.name] ?? [] }

    /// Whether `flag` was given.
    func isSet(_ flag: Flag) -> Bool { flags.contains(flag.definition.name) }

    /// Whether `option` was given at all.
    func isGiven(_ option: some OptionDefining) -> Bool {
        let name = option.definition.name
        return values[name] != nil || flags.contains(name)
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
