import ABCXYZ

/// `abcxyz report`: the matrix, the value lost, churn, retention and return
/// per manager, and the top of the win-back list, on one page.
struct ReportCommand: Command {
    var name: String { "report" }

    var abstract: String {
        "One page: the ABC/XYZ matrix, value lost by tier, churn, retention and return rates per manager, "
            + "and the top of the win-back list."
    }

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        [SharedOptions.input, SharedOptions.method, SharedOptions.modelChoice, OptionGroup(title: "REPORT", options: [
            OptionDefinition("report-period", value: "LENGTH",
                             help: "The period of the churn, retention and return rates, ending at as-of [§8]",
                             default: "month", choices: ["month", "quarter", "year"]),
            OptionDefinition("from", value: "DATE", help: "First day of an explicit reporting period (with --to)"),
            OptionDefinition("to", value: "DATE", help: "Last day of an explicit reporting period (with --from)"),
            OptionDefinition("top", value: "N", help: "Win-back entries to show", default: "20"),
            OptionDefinition("service-period", value: "LENGTH",
                             help: "In service mode, the period of each service's churn, retention and return, "
                                 + "ending at as-of: one cycle of the service, or a month, quarter or year [§13]",
                             default: "cycle", choices: ServicePeriod.allCases.map(\.rawValue)),
        ]), OptionGroup(title: "WIN-BACK LIST (which entries to show, in what order; figures never change)",
                        options: CallListOptions.selection(top: false)),
            OptionGroup(title: "OUTPUT", options: [
            OptionDefinition("format", value: "FORMAT",
                             help: "table (for a terminal), json (every figure), markdown, html (one self-contained "
                                 + "page), or xlsx (a workbook, a sheet per section; needs -o FILE)",
                             default: "table", choices: ReportFormat.allCases.map(\.rawValue) + ["xlsx"]),
            CallListOptions.columns,
            OptionDefinition("output", short: "o", value: "FILE", help: "Write to FILE instead of standard output",
                             default: "standard output"),
            OptionDefinition("formula-guard", value: "on|off", help: "Guard the rejects file's rows against formulas",
                             default: "on", choices: ["on", "off"]),
        ]), SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let workbook = arguments["format"] == "xlsx"
        let format = workbook ? .table : try arguments.value("format", expected: "table, json, markdown, html or xlsx",
                                                             ReportFormat.init(rawValue:)) ?? .table
        if workbook, (arguments["output"] ?? "-") == "-" {
            throw UsageError("--format xlsx writes a workbook (binary), not text for a terminal: give -o FILE.xlsx")
        }
        let selection = try CallListOptions.selection(arguments)
        let top = try arguments.value("top", expected: "a whole number from 0 to 1000000") {
            Int($0).flatMap { (0...1_000_000).contains($0) ? $0 : nil }
        } ?? 20
        let from = try SharedOptions.date(arguments, "from")
        let to = try SharedOptions.date(arguments, "to")
        let period: ReportPeriod
        switch (from, to, arguments["report-period"]) {
        case let (from?, to?, nil):
            guard from <= to else { throw UsageError("--from (\(from)) must not be after --to (\(to))") }
            period = .days(from: from, through: to)
        case (nil, nil, let length):
            period = switch length ?? "month" {
            case "quarter": .quarter
            case "year": .year
            default: .month
            }
        case (_, _, .some):
            throw UsageError("give either --report-period or --from and --to, not both")
        default:
            throw UsageError("--from and --to go together")
        }
        let servicePeriod = try arguments.value("service-period", expected: "cycle, month, quarter or year",
                                                ServicePeriod.init(rawValue:)) ?? .cycle
        let progress = ProgressDisplay(enabled: !arguments.has("quiet"))
        let outputs = [OutputTargets.Output(option: "--output", path: arguments["output"] ?? "-")]
            + (arguments["rejects"].map { [OutputTargets.Output(option: "--rejects", path: $0)] } ?? [])
        let (table, analysis) = try SharedOptions.readAndAnalyze(arguments, outputs: outputs, progress: progress,
                                                                 console: console)
        let clock = ContinuousClock()
        let start = clock.now
        let report = try analysis.report(period: period, top: top, servicePeriod: servicePeriod, selection: selection,
                                         extended: CallListOptions.content(arguments).extended)
        let reportTime = clock.now - start
        progress.show("writing", 0)
        if let path = arguments["output"], path != "-" {
            try OutputFile.write(path) { sink in
                if workbook { try report.writeWorkbook(to: &sink) } else { try report.write(as: format, to: &sink) }
            }
        } else {
            progress.finish()
            try report.write(as: format, to: &console.standardOutput)
        }
        progress.finish()
        if arguments.has("timings") {
            console.error(Timings.line(table: table, analysis: analysis, write: clock.now - start,
                                       threads: analysis.threads)
                + " (report figures \(Timings.text(reportTime)))")
        }
        console.keepUntilExit(table)
        console.keepUntilExit(analysis)
    }
}
