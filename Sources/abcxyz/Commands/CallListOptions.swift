import ABCXYZ

/// The options that turn a listing into a call list: appended columns
/// (`--columns extended`, `--keep-columns`) and, for the win-back list, which
/// rows to print and in what order (docs/call-list.md).
enum CallListOptions {
    static let columns = OptionDefinition(
        "columns", value: "SET",
        help: "spec: SPEC §11's columns exactly; extended: also next_expected, lost_since and (table, xlsx, "
            + "report pages) why, the reasons in words",
        default: "spec", choices: ["spec", "extended"])

    static let keepColumns = OptionDefinition(
        "keep-columns", value: "NAME,…",
        help: "Carry these input columns (phone, e-mail, tax id…) to the output, last: each client's latest "
            + "non-empty value")

    /// The options of a listing's OUTPUT group.
    static let listing = [columns, keepColumns]

    /// Which rows of the win-back list, and their order; `top` for `winback` only (the report has its own).
    static func selection(top: Bool) -> [OptionDefinition] {
        [
            OptionDefinition("manager", value: "NAME",
                             help: "Only the clients of this manager (repeat for more; '(none)' or '' for no manager)"),
            OptionDefinition("tier", value: "T,…", help: "Only these tiers, e.g. 1,2"),
            OptionDefinition("status", value: "STATUS", help: "Only the at-risk or only the lost clients",
                             choices: ["at-risk", "lost"]),
            OptionDefinition("lost-within", value: "DAYS",
                             help: "Leave out the clients lost more than DAYS days ago (at-risk ones stay)"),
        ] + (top ? [OptionDefinition("top", value: "N", help: "Print the first N rows after the filters")] : []) + [
            OptionDefinition("order", value: "ORDER",
                             help: "tier (SPEC §7), value (value lost, largest first) or recency (the freshest "
                                 + "losses first); rank stays the place on the whole list",
                             default: "tier", choices: WinBackOrder.allCases.map(\.rawValue)),
        ]
    }

    /// `--keep-columns`: the names, in order.
    static func keptColumns(_ arguments: ParsedArguments) throws -> [String] {
        guard let text = arguments["keep-columns"] else { return [] }
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { trimmed(String($0)) }
        guard !names.contains(where: \.isEmpty) else {
            throw UsageError("--keep-columns expects header names separated by commas, e.g. Phone,E-mail; got '\(text)'")
        }
        return names
    }

    /// `text` without spaces and tabs around it.
    static func trimmed(_ text: String) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    /// `--columns`.
    static func content(_ arguments: ParsedArguments) -> ListingContent {
        ListingContent(extended: arguments["columns"] == "extended")
    }

    /// The selection the options ask for.
    static func selection(_ arguments: ParsedArguments) throws -> WinBackSelection {
        var selection = WinBackSelection()
        selection.managers = arguments.all("manager").map { $0 == "(none)" || $0.isEmpty ? nil : $0 }
        if let tiers = try arguments.value("tier", expected: "tiers 1–4 separated by commas, e.g. 1,2", { text in
            let tiers = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int(trimmed(String($0))).flatMap(WinBackTier.init(rawValue:)) }
            return tiers.contains(nil) ? nil : Set(tiers.compactMap { $0 })
        }) {
            selection.tiers = tiers
        }
        if let status = arguments["status"] { selection.statuses = [status == "lost" ? .lost : .atRisk] }
        selection.lostWithinDays = try arguments.value("lost-within", expected: "a whole number of days, 1 or more") {
            Int($0).flatMap { $0 >= 1 ? $0 : nil }
        }
        selection.top = try arguments.value("top", expected: "a whole number, 0 or more") {
            Int($0).flatMap { $0 >= 0 ? $0 : nil }
        }
        if let order = arguments["order"] { selection.order = WinBackOrder(rawValue: order)! }
        return selection
    }

    /// What a selection was, in options: `--tier 1,2 --status lost`.
    static func describe(_ arguments: ParsedArguments) -> String {
        var parts: [String] = []
        for name in arguments.all("manager") { parts.append("--manager '\(name)'") }
        for name in ["tier", "status", "lost-within", "top"] {
            if let value = arguments[name] { parts.append("--\(name) \(value)") }
        }
        return parts.joined(separator: " ")
    }
}
