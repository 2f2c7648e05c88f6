/// Options that appear together in help under one heading.
struct OptionGroup: Sendable {
    let title: String
    let options: [OptionDefinition]

    init(title: String, options: [any OptionDefining]) {
        self.title = title
        self.options = options.map(\.definition)
    }

    /// A group of definitions already taken from other groups (a command's subset of a shared group).
    init(title: String, definitions: [OptionDefinition]) {
        self.title = title
        self.options = definitions
    }

    /// The group without the options `excluded`: a command that takes all of a shared group but those.
    func without(_ excluded: any OptionDefining...) -> OptionGroup {
        let names = Set(excluded.map(\.definition.name))
        return OptionGroup(title: title, definitions: options.filter { !names.contains($0.name) })
    }
}
