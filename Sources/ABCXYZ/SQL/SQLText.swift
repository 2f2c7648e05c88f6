/// Spelling values into SQL text: the script holds no literal a user typed
/// except the table and column names, which are checked here, so no statement
/// can hold a `;` and any client can split the script at `;` line ends (SPEC §16).
enum SQLText {
    /// A double's shortest spelling that reads back as the same double.
    static func number(_ value: Double) -> String { "\(value)" }

    /// A `DATE 'YYYY-MM-DD'` constant.
    static func date(_ day: Day) -> String { "DATE '\(day)'" }

    /// `10^exponent` as a whole number.
    static func powerOfTen(_ exponent: Int) -> String { "1" + String(repeating: "0", count: exponent) }

    /// Why a table or column name cannot go into the script, or `nil` when it can.
    /// A table name goes in as written (it may be qualified, `sales.rows`); a
    /// column name is quoted.
    static func problem(withName name: String, table: Bool) -> String? {
        if name.isEmpty { return "is empty" }
        if name.contains(where: { $0 == ";" }) { return "holds a ';', which would split the script" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "holds a control character"
        }
        if table, name.contains(where: { $0 == "'" || $0 == "-" && name.contains("--") || $0 == "/" && name.contains("/*") }) {
            return "holds a quote or a comment mark"
        }
        return nil
    }
}
