import ABCXYZ

/// `abcxyz generate`: a deterministic synthetic export of any size.
struct GenerateCommand: Command {
    var name: String { "generate" }

    var abstract: String {
        "Write a synthetic sales export with a realistic shape (and the truth of who stopped buying)."
    }

    /// Rows written unless `--rows` says otherwise (the library has no default: it needs a size).
    static let defaultRows = 1_000_000
    /// The library's defaults for everything else.
    private static let defaults = SyntheticSales.Configuration(rows: defaultRows)

    static let rows = count("rows", help: "Rows to write, exactly", default: "\(defaultRows)",
                            in: SyntheticSales.Configuration.rowsRange)
    /// Checked against `--rows` once both are read.
    static let clients = count("clients", help: "Distinct clients", default: "rows / 40", in: nil,
                               expected: "a whole number from 1 to the rows")
    static let years = Option<Int>.wholeNumber(
        "years", help: "Years of history", default: "\(defaults.years)", in: SyntheticSales.Configuration.yearsRange,
        property: "years", expected: range(SyntheticSales.Configuration.yearsRange))
    static let end = Option<Day>.date("end", help: "Last day of the data (its latest date), YYYY-MM-DD",
                                      default: defaults.end.description, property: "end")
    static let seed = Option<UInt64>("seed", value: "N", help: "Same seed, same file", default: "\(defaults.seed)",
                                     expected: "a whole number", convert: UInt64.init)
    static let dialect = Option<ExportDialect>.choice(
        "dialect", value: "DIALECT",
        help: "clean (comma, 2025-06-30, 1234.56) or messy (BOM, semicolon, 30.06.2025, 1 234,56, CRLF)",
        default: defaults.dialect)
    static let services = Flag("services", help: "Add a category column: each client buys one to three services "
        + "(haircut, manicure, botox, …), each on its own rhythm; the truth is per client × service")
    static let output = OutputOptions.output.described("Write the export to FILE")
    static let truth = Option<String>.file(
        "truth", help: "Write who stopped and when to FILE (one row per client in the data; "
            + "per client × service pair with --services)",
        default: "FILE.truth.csv beside -o; none on standard output")
    static let threads = InputOptions.threads.described("Threads that generate (the file does not depend on it)",
                                                         default: DefaultText.threads(defaults.threads))
    static let quiet = Flag("quiet", short: "q", help: "No progress on standard error")

    /// A count that may be written with underscores (`10_000_000`), in `range`.
    private static func count(_ name: String, help: String, default defaultText: String,
                              in range: ClosedRange<Int>?, expected: String? = nil) -> Option<Int> {
        Option(name, value: "N", help: help, default: defaultText, property: name,
               expected: expected ?? Self.range(range!), convert: { text in
                   Int(text.replacingUnderscores).flatMap { range == nil || range!.contains($0) ? $0 : nil }
               })
    }

    /// `a whole number from 1 to 50`.
    private static func range(_ range: ClosedRange<Int>) -> String {
        "a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    var argumentsHelp: [(String, String)] { [] }

    var optionGroups: [OptionGroup] {
        [OptionGroup(title: "DATA", options: [Self.rows, Self.clients, Self.years, Self.end, Self.seed, Self.dialect,
                                              Self.services]),
         OptionGroup(title: "OUTPUT", options: [Self.output, Self.truth, Self.threads, Self.quiet])]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        guard arguments.positionals.isEmpty else {
            throw UsageError("generate takes no FILE; write to one with -o FILE")
        }
        let rows = try arguments.value(of: Self.rows) ?? Self.defaultRows
        var configuration = SyntheticSales.Configuration(rows: rows)
        if let clients = try arguments.value(of: Self.clients) {
            guard (1...rows).contains(clients) else {
                throw UsageError("--clients expects \(Self.clients.expected); got '\(arguments.text(of: Self.clients)!)'")
            }
            configuration.clients = clients
        }
        try arguments.assign(Self.years, to: &configuration.years)
        try arguments.assign(Self.end, to: &configuration.end)
        try arguments.assign(Self.seed, to: &configuration.seed)
        try arguments.assign(Self.dialect, to: &configuration.dialect)
        configuration.services = arguments.isSet(Self.services)
        try arguments.assign(Self.threads, to: &configuration.threads)
        let sales = try SyntheticSales(configuration)

        let quiet = arguments.isSet(Self.quiet)
        let meter = ProgressDisplay(enabled: !quiet)
        if let path = OutputOptions.outputFile(arguments) {
            let truthPath = arguments.text(of: Self.truth) ?? (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".truth.csv"
            try OutputTargets.checkDistinct([OutputTargets.Output(option: "--output", path: path),
                                             OutputTargets.Output(option: "--truth", path: truthPath)], input: nil)
            try OutputFile.write(path) { try sales.write(to: &$0) { meter.show("generating", $0) } }
            try OutputFile.write(truthPath) { try sales.writeTruth(to: &$0) }
            meter.finish()
            if !quiet {
                console.error("abcxyz: wrote \(rows) rows to \(path), the truth to \(truthPath)")
            }
        } else {
            if let truthPath = arguments.text(of: Self.truth) {
                try OutputTargets.checkDistinct([OutputTargets.Output(option: "--output", path: "-"),
                                                 OutputTargets.Output(option: "--truth", path: truthPath)], input: nil)
            }
            try sales.write(to: &console.standardOutput) { meter.show("generating", $0) }
            meter.finish()
            if let truthPath = arguments.text(of: Self.truth) {
                try OutputFile.write(truthPath) { try sales.writeTruth(to: &$0) }
            }
        }
    }
}

extension String {
    /// `10_000_000` → `10000000`.
    var replacingUnderscores: String { filter { $0 != "_" } }
}
