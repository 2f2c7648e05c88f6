/// An option that takes no value (`--quiet`, `-q`): given or not.
struct Flag: OptionDefining {
    let definition: OptionDefinition

    init(_ name: String, short: Character? = nil, help: String) {
        definition = OptionDefinition(name: name, short: short, aliases: [], valueName: nil, help: help,
                                      defaultText: nil, choices: nil, takesFile: false, property: nil)
    }
}
