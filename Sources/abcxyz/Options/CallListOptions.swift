import ABCXYZ

/// The options that turn a listing into a call list: appended columns
/// (`--columns extended`, `--keep-columns`) and, for the win-back list, which
/// rows to print and in what order (docs/call-list.md).
enum CallListOptions {
    /// `extended`: next_expected, lost_since and why after SPEC §11's columns (``ListingContent/extended``).
    static let columns = Option<Bool>.choice(
        "columns", value: "SET",
        help: "spec: SPEC §11's columns exactly; extended: also next_expected, lost_since and (table, xlsx, "
            + "report pages) why, the reasons in words",
        default: "spec", [("spec", false), ("extended", true)])

    static let keepColumns = Option<[String]>(
        "keep-columns", value: "NAME,…",
        help: "Carry these input columns (phone, e-mail, tax id…) to the output, last: each client's latest "
            + "non-empty value",
        expected: "header names separated by commas, e.g. Phone,E-mail", convert: { text in
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map { trimmed(String($0)) }
            return names.contains(where: \.isEmpty) ? nil : names
        })

    /// The options of a listing's OUTPUT group.
    static let listing: [any OptionDefining] = [columns, keepColumns]

    static let manager = Option<String?>(
        "manager", value: "NAME",
        help: "Only the clients of this manager (repeat for more; '(none)' or '' for no manager)",
        expected: "a manager's name",
        convert: { text -> String?? in text == "(none)" || text.isEmpty ? .some(nil) : .some(text) })
    static let tier = Option<Set<WinBackTier>>(
        "tier", value: "T,…", help: "Only these tiers, e.g. 1,2", expected: "tiers 1–4 separated by commas, e.g. 1,2",
        convert: { text in
            let tiers = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int(trimmed(String($0))).flatMap(WinBackTier.init(rawValue:)) }
            return tiers.contains(nil) ? nil : Set(tiers.compactMap { $0 })
        })
    static let status = Option<ClientStatus>.choice(
        "status", value: "STATUS", help: "Only the at-risk or only the lost clients", default: nil,
        among: [.atRisk, .lost])
    static let lostWithin = Option<Int>.wholeNumber(
        "lost-within", value: "DAYS", help: "Leave out the clients lost more than DAYS days ago (at-risk ones stay)",
        in: 1...Int.max, expected: "a whole number of days, 1 or more")
    static let top = Option<Int>.wholeNumber("top", help: "Print the first N rows after the filters",
                                             in: 0...Int.max, expected: "a whole number, 0 or more")
    static let order = Option<WinBackOrder>.choice(
        "order", value: "ORDER",
        help: "tier (SPEC §7), value (value lost, largest first) or recency (the freshest "
            + "losses first); rank stays the place on the whole list",
        default: WinBackSelection().order)

    /// Which rows of the win-back list, and their order; `top` for `winback` only (the report has its own).
    static func selection(top: Bool) -> [any OptionDefining] {
        [manager, tier, status, lostWithin] + (top ? [self.top] : []) + [order]
    }

    /// `--keep-columns`: the names, in order.
    static func keptColumns(_ arguments: ParsedArguments) throws -> [String] {
        try arguments.value(of: keepColumns) ?? []
    }

    /// `text` without spaces and tabs around it.
    static func trimmed(_ text: String) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    /// `--columns`.
    static func content(_ arguments: ParsedArguments) throws -> ListingContent {
        ListingContent(extended: try arguments.value(of: columns) ?? false)
    }

    /// The selection the options ask for.
    static func selection(_ arguments: ParsedArguments) throws -> WinBackSelection {
        var selection = WinBackSelection()
        selection.managers = try arguments.values(of: manager)
        try arguments.assign(tier, to: &selection.tiers)
        if let status = try arguments.value(of: status) { selection.statuses = [status] }
        selection.lostWithinDays = try arguments.value(of: lostWithin)
        selection.top = try arguments.value(of: top)
        try arguments.assign(order, to: &selection.order)
        return selection
    }

    /// What a selection was, in options: `--tier 1,2 --status lost`.
    static func describe(_ arguments: ParsedArguments) -> String {
        var parts: [String] = []
        for name in arguments.texts(of: manager) { parts.append("--manager '\(name)'") }
        let shown: [(OptionDefinition, String?)] = [
            (tier.definition, arguments.text(of: tier)), (status.definition, arguments.text(of: status)),
            (lostWithin.definition, arguments.text(of: lostWithin)), (top.definition, arguments.text(of: top)),
        ]
        for (definition, value) in shown {
            if let value { parts.append("\(definition.flag) \(value)") }
        }
        return parts.joined(separator: " ")
    }
}
