import ABCXYZ

/// `abcxyz report`: the matrix, the value lost, churn, retention and return
/// per manager, and the top of the win-back list, on one page.
struct ReportCommand: Command {
    var name: String { "report" }

    var abstract: String {
        "One page: the ABC/XYZ matrix, value lost by tier, churn, retention and return rates per manager, "
            + "and the top of the win-back list."
    }

    /// The report's page, or `xlsx`: a workbook, which ``ReportFormat`` does not hold.
    enum PageFormat: Equatable, Sendable {
        case page(ReportFormat)
        case workbook
    }

    static let format = Option<PageFormat>.choice(
        "format", value: "FORMAT",
        help: "table (for a terminal), json (every figure), markdown, html (one self-contained "
            + "page), or xlsx (a workbook, a sheet per section; needs -o FILE)",
        default: ReportFormat.table.rawValue,
        ReportFormat.allCases.map { ($0.rawValue, PageFormat.page($0)) } + [("xlsx", .workbook)])
    static let reportPeriod = Option<ReportPeriod>.choice(
        "report-period", value: "LENGTH",
        help: "The period of the churn, retention and return rates, ending at as-of [§8]",
        default: "month", [("month", .month), ("quarter", .quarter), ("year", .year)])
    static let from = Option<Day>.date("from", help: "First day of an explicit reporting period (with --to)")
    static let to = Option<Day>.date("to", help: "Last day of an explicit reporting period (with --from)")
    /// Win-back entries the page shows unless `--top` says otherwise.
    static let defaultTop = 20
    static let top = Option<Int>.wholeNumber("top", help: "Win-back entries to show", default: "\(defaultTop)",
                                             in: 0...1_000_000, property: "top",
                                             expected: "a whole number from 0 to 1000000")
    static let servicePeriod = Option<ServicePeriod>.choice(
        "service-period", value: "LENGTH",
        help: "In service mode, the period of each service's churn, retention and return, "
            + "ending at as-of: one cycle of the service, or a month, quarter or year [§13]",
        default: .cycle)

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        [SharedOptions.input, SharedOptions.method, SharedOptions.modelChoice,
         OptionGroup(title: "REPORT", options: [Self.reportPeriod, Self.from, Self.to, Self.top, Self.servicePeriod]),
         OptionGroup(title: "WIN-BACK LIST (which entries to show, in what order; figures never change)",
                     options: CallListOptions.selection(top: false)),
         OptionGroup(title: "OUTPUT", options: [Self.format, CallListOptions.columns, OutputOptions.output,
                                                OutputOptions.rejectsFormulaGuard]),
         SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let pageFormat = try arguments.value(of: Self.format) ?? .page(.table)
        let outputPath = OutputOptions.outputFile(arguments)
        if pageFormat == .workbook, outputPath == nil {
            throw UsageError("--format xlsx writes a workbook (binary), not text for a terminal: give -o FILE.xlsx")
        }
        let selection = try CallListOptions.selection(arguments)
        let top = try arguments.value(of: Self.top) ?? Self.defaultTop
        let from = try arguments.value(of: Self.from)
        let to = try arguments.value(of: Self.to)
        let period: ReportPeriod
        switch (from, to, try arguments.value(of: Self.reportPeriod)) {
        case let (from?, to?, nil):
            guard from <= to else { throw UsageError("--from (\(from)) must not be after --to (\(to))") }
            period = .days(from: from, through: to)
        case (nil, nil, let length):
            period = length ?? .month
        case (_, _, .some):
            throw UsageError("give either --report-period or --from and --to, not both")
        default:
            throw UsageError("--from and --to go together")
        }
        let servicePeriod = try arguments.value(of: Self.servicePeriod) ?? .cycle
        let progress = ProgressDisplay(enabled: !arguments.isSet(RunOptions.quiet))
        let outputs = SharedOptions.namedOutputs(arguments, [OutputOptions.output, InputOptions.rejects])
        let (table, analysis) = try SharedOptions.readAndAnalyze(arguments, outputs: outputs, progress: progress,
                                                                 console: console)
        let clock = ContinuousClock()
        let start = clock.now
        let report = try analysis.report(period: period, top: top, servicePeriod: servicePeriod, selection: selection,
                                         extended: try CallListOptions.content(arguments).extended)
        let reportTime = clock.now - start
        progress.show("writing", 0)
        if let path = outputPath {
            try OutputFile.write(path) { sink in
                switch pageFormat {
                case .workbook: try report.writeWorkbook(to: &sink)
                case .page(let format): try report.write(as: format, to: &sink)
                }
            }
        } else if case .page(let format) = pageFormat {
            progress.finish()
            try report.write(as: format, to: &console.standardOutput)
        }
        progress.finish()
        if arguments.isSet(RunOptions.timings) {
            console.error(Timings.line(table: table, analysis: analysis, write: clock.now - start,
                                       threads: analysis.threads)
                + " (report figures \(Timings.text(reportTime)))")
        }
        console.keepUntilExit(table)
        console.keepUntilExit(analysis)
    }
}
