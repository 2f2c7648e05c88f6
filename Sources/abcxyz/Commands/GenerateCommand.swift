import ABCXYZ

/// `abcxyz generate`: a deterministic synthetic export of any size.
struct GenerateCommand: Command {
    var name: String { "generate" }

    var abstract: String {
        "Write a synthetic sales export with a realistic shape (and the truth of who stopped buying)."
    }

    var argumentsHelp: [(String, String)] { [] }

    var optionGroups: [OptionGroup] {
        [OptionGroup(title: "DATA", options: [
            OptionDefinition("rows", value: "N", help: "Rows to write, exactly", default: "1000000"),
            OptionDefinition("clients", value: "N", help: "Distinct clients", default: "rows / 40"),
            OptionDefinition("years", value: "N", help: "Years of history", default: "3"),
            OptionDefinition("end", value: "DATE", help: "Last day of the data (its latest date), YYYY-MM-DD",
                             default: "2025-06-30"),
            OptionDefinition("seed", value: "N", help: "Same seed, same file", default: "1"),
            OptionDefinition("dialect", value: "DIALECT",
                             help: "clean (comma, 2025-06-30, 1234.56) or messy (BOM, semicolon, 30.06.2025, 1 234,56, CRLF)",
                             default: "clean", choices: ExportDialect.allCases.map(\.rawValue)),
            OptionDefinition("services",
                             help: "Add a category column: each client buys one to three services (haircut, "
                                 + "manicure, botox, …), each on its own rhythm; the truth is per client × service"),
        ]), OptionGroup(title: "OUTPUT", options: [
            OptionDefinition("output", short: "o", value: "FILE", help: "Write the export to FILE",
                             default: "standard output"),
            OptionDefinition("truth", value: "FILE",
                             help: "Write who stopped and when to FILE (one row per client in the data; "
                                 + "per client × service pair with --services)",
                             default: "FILE.truth.csv beside -o; none on standard output"),
            OptionDefinition("threads", value: "N", help: "Threads that generate (the file does not depend on it)",
                             default: "\(ReadOptions.processorCount) (processors)"),
            OptionDefinition("quiet", short: "q", help: "No progress on standard error"),
        ])]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        guard arguments.positionals.isEmpty else {
            throw UsageError("generate takes no FILE; write to one with -o FILE")
        }
        let rows = try arguments.value("rows", expected: "a whole number from 1 to 10000000000") {
            Int($0.replacingUnderscores).flatMap { (1...10_000_000_000).contains($0) ? $0 : nil }
        } ?? 1_000_000
        var configuration = SyntheticSales.Configuration(rows: rows)
        configuration.clients = try arguments.value("clients", expected: "a whole number from 1 to the rows") {
            Int($0.replacingUnderscores).flatMap { (1...rows).contains($0) ? $0 : nil }
        }
        configuration.years = try arguments.value("years", expected: "a whole number from 1 to 50") {
            Int($0).flatMap { (1...50).contains($0) ? $0 : nil }
        } ?? 3
        if let end = try SharedOptions.date(arguments, "end") {
            configuration.end = end
        }
        configuration.seed = try arguments.value("seed", expected: "a whole number", UInt64.init) ?? 1
        configuration.dialect = try arguments.value("dialect", expected: "clean or messy", ExportDialect.init(rawValue:))
            ?? .clean
        configuration.services = arguments.has("services")
        configuration.threads = try SharedOptions.threads(arguments)
        let sales = try SyntheticSales(configuration)

        let meter = ProgressDisplay(enabled: !arguments.has("quiet"))
        if let path = arguments["output"], path != "-" {
            let truthPath = arguments["truth"] ?? (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".truth.csv"
            try OutputTargets.checkDistinct([OutputTargets.Output(option: "--output", path: path),
                                             OutputTargets.Output(option: "--truth", path: truthPath)], input: nil)
            try OutputFile.write(path) { try sales.write(to: &$0) { meter.show("generating", $0) } }
            try OutputFile.write(truthPath) { try sales.writeTruth(to: &$0) }
            meter.finish()
            if !arguments.has("quiet") {
                console.error("abcxyz: wrote \(rows) rows to \(path), the truth to \(truthPath)")
            }
        } else {
            if let truthPath = arguments["truth"] {
                try OutputTargets.checkDistinct([OutputTargets.Output(option: "--output", path: "-"),
                                                 OutputTargets.Output(option: "--truth", path: truthPath)], input: nil)
            }
            try sales.write(to: &console.standardOutput) { meter.show("generating", $0) }
            meter.finish()
            if let truthPath = arguments["truth"] {
                try OutputFile.write(truthPath) { try sales.writeTruth(to: &$0) }
            }
        }
    }
}

extension String {
    /// `10_000_000` → `10000000`.
    var replacingUnderscores: String { filter { $0 != "_" } }
}
