import ABCXYZ

/// Where results go and in what form: the OUTPUT group of the listings, and the
/// `-o` and `--formula-guard` every data command shares (each command may word them its own way).
enum OutputOptions {
    static let format = Option<OutputFormat>.choice(
        "format", value: "FORMAT",
        help: "table (aligned, for people), csv or json (docs/spec.md §11 exactly), xlsx (an Excel "
            + "workbook, needs -o FILE)",
        default: .table)
    static let excel = Flag("excel", help: "With --format csv: CSV for Excel where ; is the list separator "
        + "(Russian, Ukrainian…): UTF-8 with BOM, ; between fields, decimal comma")
    static let output = Option<String>.file("output", short: "o", help: "Write to FILE instead of standard output",
                                            default: "standard output")
    /// `on` (the default): ids a spreadsheet would run as formulas are written with a leading `'`.
    static let formulaGuard = Option<Bool>.choice(
        "formula-guard", value: "on|off",
        help: "In CSV, write ids a spreadsheet would run as formulas (=, +, -, @ first) with a "
            + "leading ' (money is never changed; xlsx cells are text, never formulas)",
        default: "on", [("on", true), ("off", false)])
    /// `--formula-guard` of the commands whose only CSV is the rejects file.
    static let rejectsFormulaGuard = formulaGuard.described("Guard the rejects file's rows against formulas")

    /// The listings' OUTPUT options before their own (`--winback-output`, `--by`) and the call list's.
    static let listing: [any OptionDefining] = [format, excel, output, formulaGuard]

    /// Whether to guard formulas (`--formula-guard`, on unless `off`).
    static func guardsFormulas(_ arguments: ParsedArguments) throws -> Bool {
        try arguments.value(of: formulaGuard) ?? true
    }

    /// `-o`, when it names a file rather than standard output (`-`).
    static func outputFile(_ arguments: ParsedArguments) -> String? {
        arguments.text(of: output).flatMap { $0 == "-" ? nil : $0 }
    }
}
