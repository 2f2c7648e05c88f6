import ABCXYZ

/// A library ``OptionsError`` in the words of the command line: each library property
/// it names spelt as the flag whose ``OptionDefinition/property`` it is
/// (`--margin must be more than 0 and at most 1 (got 35)`).
enum OptionsErrorText {
    /// The flag of each library property, from every command's definitions, and the two
    /// properties no single option sets.
    static let flags: [String: String] = {
        var flags = ["period": "--from and --to", "pieces": "--pieces"]
        for definition in Tool().commands.flatMap(\.definitions) {
            if let property = definition.property, flags[property] == nil { flags[property] = definition.flag }
        }
        return flags
    }()

    /// Only the option itself and camel-case property names are replaced, not plain words.
    static func text(_ error: OptionsError) -> String {
        var text = ""
        var word = ""
        func flush() {
            let isName = word == error.option || word.contains(where: \.isUppercase)
            text += isName ? flags[word] ?? word : word
            word = ""
        }
        for character in error.description {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                text.append(character)
            }
        }
        flush()
        return text
    }
}
