import ABCXYZ

/// The options every data command takes, in the three groups help shows:
/// how to read the input, how the method runs, and where results go.
enum SharedOptions {
    static let input = OptionGroup(title: "INPUT", options: [
        OptionDefinition("delimiter", value: "CHAR", help: "Field delimiter: , ; tab or |",
                         default: "detected from the header"),
        OptionDefinition("client-column", value: "NAME", help: "Header of the client id column",
                         default: "client, client_id, customer, …"),
        OptionDefinition("date-column", value: "NAME", help: "Header of the date column",
                         default: "date, order_date, …"),
        OptionDefinition("amount-column", value: "NAME", help: "Header of the amount column",
                         default: "amount, revenue, sum, …"),
        OptionDefinition("manager-column", value: "NAME", help: "Header of the manager column (optional)",
                         default: "manager, sales_rep, …"),
        OptionDefinition("category-column", value: "NAME", help: "Header of the category column (optional)",
                         default: "category, …"),
        OptionDefinition("quantity-column", value: "NAME",
                         help: "With --price-column: each amount is quantity × price (exports of line items)",
                         default: "quantity, qty, … when there is no amount column"),
        OptionDefinition("price-column", value: "NAME", help: "Header of the unit price column",
                         default: "price, unit_price, … when there is no amount column"),
        OptionDefinition("date-format", value: "FORMAT",
                         help: "Order of day and month in dates like 03/04/2025",
                         default: "auto", choices: DateFormat.allCases.map(\.rawValue)),
        OptionDefinition("scale", value: "N", help: "Fraction digits of a minor unit (2 for cents, 0 for yen)",
                         default: "2"),
        OptionDefinition("on-error", value: "POLICY",
                         help: "A bad row stops the run (stop) or is left out and counted (skip)",
                         default: "stop", choices: ErrorPolicy.allCases.map(\.rawValue)),
        OptionDefinition("rejects", value: "FILE",
                         help: "Write the rows left out to FILE: line, column, reason and the row as it was "
                             + "(implies --on-error skip)"),
        OptionDefinition("threads", value: "N", help: "Threads that read and classify",
                         default: "\(ReadOptions.processorCount) (processors)"),
    ])

    static let method = OptionGroup(title: "METHOD (SPEC.md sections in brackets)", options: [
        OptionDefinition("as-of", value: "DATE", help: "Day the analysis looks back from, YYYY-MM-DD [§1]",
                         default: "the latest date in the data"),
        OptionDefinition("period", value: "LENGTH", help: "Length of one period of the window [§2]",
                         default: "month", choices: PeriodLength.allCases.map(\.rawValue)),
        OptionDefinition("months", aliases: ["periods"], value: "N",
                         help: "Periods in the window, N (months unless --period says otherwise); revenue covers "
                             + "the window, purchases, aov and the rate cv the whole history [§2]",
                         default: "12"),
        OptionDefinition("abc-measure", value: "MEASURE",
                         help: "What ABC ranks by: annual-value (each client's last year as a client) or revenue "
                             + "(in the window, the classic) [§3]",
                         default: "annual-value", choices: ABCMeasure.allCases.map(\.rawValue)),
        OptionDefinition("abc", value: "A,B", help: "ABC cut points: shares of the ABC measure [§3]",
                         default: "0.80,0.95"),
        OptionDefinition("xyz", value: "X,Y", help: "XYZ cut points: coefficients of variation [§4]",
                         default: "0.10,0.25"),
        OptionDefinition("xyz-measure", value: "MEASURE",
                         help: "What XYZ measures: rate (money per day between purchase days, whole history), "
                             + "revenue or purchase-days (per period of the active span, the classic) [§4]",
                         default: "rate", choices: XYZMeasure.allCases.map(\.rawValue)),
        OptionDefinition("min-periods", value: "N",
                         help: "Fewest values for a cv: rates (purchase days − 1), or periods in the active span [§4]",
                         default: "3"),
        OptionDefinition("min-intervals", value: "N", help: "Fewest purchase intervals for an own cycle [§5]",
                         default: "2"),
        OptionDefinition("fallback-cycle", value: "DAYS", help: "Cycle when no client has its own [§5]",
                         default: "30"),
        OptionDefinition("min-cycle", value: "DAYS", help: "Shortest cycle any client gets [§5]", default: "7"),
        OptionDefinition("at-risk-factor", value: "R", help: "At risk once recency > R × cycle [§5]",
                         default: "1.0"),
        OptionDefinition("lost-factor", value: "L", help: "Lost once recency > L × cycle [§5]", default: "1.5"),
        OptionDefinition("horizon", value: "YEARS", help: "Years of annual value a lost client costs [§6]",
                         default: "1"),
        OptionDefinition("margin", value: "M", help: "Share of revenue that is profit, for the value lost [§6]",
                         default: "1.0"),
        OptionDefinition("tiers", value: "T,T,…", help: "Tier of each cell AX,AY,AZ,BX,…,CZ [§7]",
                         default: "1,1,2,2,2,3,3,4,4"),
        OptionDefinition("cycles", value: "BASIS",
                         help: "Judge returns per client × service pair, the client by its best pair (service), "
                             + "or per client over all its purchases (client) [§13]",
                         default: "service with a category column, else client",
                         choices: CycleBasis.allCases.map(\.rawValue)),
    ])

    /// The probabilistic model of §14 (the `model` command; `classify --model` later).
    static let model = OptionGroup(title: "MODEL [§14]", options: [
        OptionDefinition("occasions", value: "KIND",
                         help: "What one purchase occasion is: a day with a positive net, or any day with a row",
                         default: "purchase-days", choices: ModelOccasions.allCases.map(\.rawValue)),
        OptionDefinition("model-unit", value: "UNIT", help: "Time unit of t_x, T and the fitted rates",
                         default: "week", choices: ModelUnit.allCases.map(\.rawValue)),
        OptionDefinition("penalizer", value: "LAMBDA", help: "Subtract LAMBDA·Σθ² from the log-likelihood, as lifetimes does",
                         default: "0"),
        OptionDefinition("discount", value: "D", help: "Monthly discount rate of the CLV", default: "0.01"),
    ])

    /// Model options from the command line (with --as-of, --horizon and --margin where the command has them).
    static func modelOptions(_ arguments: ParsedArguments) throws -> ModelOptions {
        var options = ModelOptions()
        options.asOf = try arguments.value("as-of", expected: "a date YYYY-MM-DD", Day.init(iso:))
        if let occasions = try arguments.value("occasions", expected: "purchase-days or transaction-days",
                                               ModelOccasions.init(rawValue:)) {
            options.occasions = occasions
        }
        if let unit = try arguments.value("model-unit", expected: "week or day", ModelUnit.init(rawValue:)) {
            options.unit = unit
        }
        func number(_ name: String, _ expected: String, _ valid: (Double) -> Bool) throws -> Double? {
            try arguments.value(name, expected: expected) { Double($0).flatMap { $0.isFinite && valid($0) ? $0 : nil } }
        }
        if let value = try number("penalizer", "a number ≥ 0", { $0 >= 0 }) { options.penalizer = value }
        if let value = try number("discount", "a monthly rate above -1, e.g. 0.01", { $0 > -1 }) {
            options.monthlyDiscount = value
        }
        if let value = try number("horizon", "zero or more years", { $0 >= 0 && $0 <= 1000 }) {
            options.horizonYears = value
        }
        if let value = try number("margin", "a number from 0 to 1000", { $0 >= 0 && $0 <= 1000 }) {
            options.margin = value
        }
        return options
    }

    static let output = OptionGroup(title: "OUTPUT", options: [
        OptionDefinition("format", value: "FORMAT",
                         help: "table (aligned, for people), csv or json (SPEC §11 exactly), xlsx (an Excel "
                             + "workbook, needs -o FILE)",
                         default: "table", choices: OutputFormat.allCases.map(\.rawValue)),
        OptionDefinition("excel", help: "With --format csv: CSV for Excel where ; is the list separator "
                             + "(Russian, Ukrainian…): UTF-8 with BOM, ; between fields, decimal comma"),
        OptionDefinition("output", short: "o", value: "FILE", help: "Write to FILE instead of standard output",
                         default: "standard output"),
        OptionDefinition("formula-guard", value: "on|off",
                         help: "In CSV, write ids a spreadsheet would run as formulas (=, +, -, @ first) with a "
                             + "leading ' (money is never changed; xlsx cells are text, never formulas)",
                         default: "on", choices: ["on", "off"]),
    ])

    static let run = OptionGroup(title: "RUN", options: [
        OptionDefinition("quiet", short: "q", help: "No progress or notices on standard error"),
        OptionDefinition("timings", help: "Print how long each phase took to standard error"),
    ])

    static let all = [input, method, output, run]

    /// Reading options from the command line.
    static func readOptions(_ arguments: ParsedArguments) throws -> ReadOptions {
        var options = ReadOptions()
        if let delimiter = try arguments.value("delimiter", expected: ", ; tab or |", Delimiter.init) {
            options.delimiter = delimiter
        }
        for role in ColumnRole.allCases {
            if let name = arguments["\(role.rawValue)-column"] { options.columns[role] = name }
        }
        options.dateFormat = try arguments.value("date-format", expected: "a date format", DateFormat.init(rawValue:))
            ?? .automatic
        options.scale = try arguments.value("scale", expected: "a whole number from 0 to 6") {
            Int($0).flatMap { (0...6).contains($0) ? $0 : nil }
        } ?? 2
        options.onError = try arguments.value("on-error", expected: "stop or skip", ErrorPolicy.init(rawValue:))
            ?? (arguments["rejects"] != nil ? .skip : .stop)
        if arguments["rejects"] != nil, options.onError == .stop {
            throw UsageError("--rejects lists the rows left out, which needs --on-error skip")
        }
        options.threads = try threads(arguments)
        options.keptColumns = try CallListOptions.keptColumns(arguments)
        return options
    }

    static func threads(_ arguments: ParsedArguments) throws -> Int {
        try arguments.value("threads", expected: "a whole number from 1 to 1024") {
            Int($0).flatMap { (1...1024).contains($0) ? $0 : nil }
        } ?? ReadOptions.processorCount
    }

    /// Method options from the command line, each checked as it is read.
    static func analysisOptions(_ arguments: ParsedArguments) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        options.asOf = try arguments.value("as-of", expected: "a date YYYY-MM-DD", Day.init(iso:))
        if let period = try arguments.value("period", expected: "week, month or quarter", PeriodLength.init(rawValue:)) {
            options.periodLength = period
        }
        if let count = try arguments.value("months", expected: "a whole number of periods from 1 to 1000", {
            Int($0).flatMap { (1...1000).contains($0) ? $0 : nil }
        }) {
            options.periodCount = count
        }
        if let limits = try arguments.value("abc", expected: "two shares A,B with 0 < A ≤ B ≤ 1, e.g. 0.80,0.95",
                                            ABCLimits.init) {
            options.abcLimits = limits
        }
        if let limits = try arguments.value("xyz", expected: "two numbers X,Y with 0 ≤ X ≤ Y, e.g. 0.10,0.25",
                                            XYZLimits.init) {
            options.xyzLimits = limits
        }
        if let measure = try arguments.value("abc-measure", expected: "annual-value or revenue",
                                             ABCMeasure.init(rawValue:)) {
            options.abcMeasure = measure
        }
        if let measure = try arguments.value("xyz-measure", expected: "rate, revenue or purchase-days",
                                             XYZMeasure.init(rawValue:)) {
            options.xyzMeasure = measure
        }
        func count(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            try arguments.value(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") {
                Int($0).flatMap { range.contains($0) ? $0 : nil }
            }
        }
        func number(_ name: String, _ expected: String, _ valid: (Double) -> Bool) throws -> Double? {
            try arguments.value(name, expected: expected) {
                Double($0).flatMap { $0.isFinite && valid($0) ? $0 : nil }
            }
        }
        if let value = try count("min-periods", 1...1000) { options.minimumSpanPeriods = value }
        if let value = try count("min-intervals", 1...10_000) { options.minimumIntervals = value }
        if let value = try number("fallback-cycle", "a positive number of days", { $0 > 0 }) {
            options.fallbackCycleDays = value
        }
        if let value = try number("min-cycle", "zero or more days", { $0 >= 0 }) { options.minimumCycleDays = value }
        if let value = try number("at-risk-factor", "a positive number", { $0 > 0 }) { options.atRiskFactor = value }
        if let value = try number("lost-factor", "a positive number", { $0 > 0 }) { options.lostFactor = value }
        if let value = try number("horizon", "zero or more years", { $0 >= 0 && $0 <= 1000 }) {
            options.horizonYears = value
        }
        if let value = try number("margin", "a number from 0 to 1000", { $0 >= 0 && $0 <= 1000 }) {
            options.margin = value
        }
        options.cycles = try arguments.value("cycles", expected: "service or client", CycleBasis.init(rawValue:))
        if let matrix = try arguments.value("tiers", expected: "nine tiers 1–4 in row order, e.g. 1,1,2,2,2,3,3,4,4",
                                            TierMatrix.init) {
            options.tierMatrix = matrix
        }
        guard options.lostFactor >= options.atRiskFactor else {
            throw UsageError("--lost-factor (\(options.lostFactor)) must be at least --at-risk-factor (\(options.atRiskFactor))")
        }
        return options
    }

    /// The FILE argument of the data commands.
    static let fileArgument = ("FILE", "The sales export (CSV with a header), or - for standard input. "
        + "Without FILE: standard input when data is piped or redirected in, else the bundled worked example.")

    /// What every data command does first: read the input (with progress on a
    /// terminal), analyse it, and account for every row on standard error.
    /// `outputs` are checked first: none may be the input or another output.
    /// `cycles` overrides `--cycles` for the commands that list pairs.
    static func readAndAnalyze(_ arguments: ParsedArguments, outputs: [OutputTargets.Output],
                               progress: ProgressDisplay, console: Console,
                               cycles: CycleBasis? = nil) throws -> (TransactionTable, Analysis) {
        let readOptions = try readOptions(arguments)
        var analysisOptions = try analysisOptions(arguments)
        if let cycles { analysisOptions.cycles = cycles }
        let table = try readInput(arguments, outputs: outputs, options: readOptions,
                                  progress: { progress.show("reading", $0) }, console: console)
        if !arguments.has("quiet"), let order = table.inferredDateOrder { console.error("abcxyz: \(order)") }
        progress.show("classifying", 0)
        let analysis = try table.analyze(analysisOptions, threads: readOptions.threads)
        if table.rejectedCount > 0 || analysis.summary.afterAsOf > 0 { progress.finish() }
        try accountForRows(table, analysis, arguments, console: console)
        return (table, analysis)
    }

    /// After reading: writes the rejects file if one is named, and accounts for
    /// every row on standard error when any was left out (even under --quiet:
    /// nothing is lost silently).
    static func accountForRows(_ table: TransactionTable, _ analysis: Analysis, _ arguments: ParsedArguments,
                               console: Console) throws {
        let summary = analysis.summary
        if let path = arguments["rejects"] {
            try OutputFile.write(path) {
                try table.writeRejections(to: &$0, guardingFormulas: arguments["formula-guard"] != "off")
            }
        }
        let quiet = arguments.has("quiet")
        guard summary.rejected > 0 || (!quiet && summary.afterAsOf > 0) else { return }
        var line = "abcxyz: \(summary.lines) lines, "
            + "\(summary.rowsRead) rows read = \(summary.accepted) accepted + \(summary.rejected) rejected; "
            + "\(summary.accepted) accepted = \(summary.used) used + \(summary.afterAsOf) after as-of"
        if summary.rejected > 0 {
            line += arguments["rejects"].map { "; rejected rows in \($0)" } ?? "; list them with --rejects FILE"
        }
        console.error(line)
    }

    /// The outputs named by the options `names` (without `--`), for
    /// ``OutputTargets/checkDistinct(_:input:)``; `output` left out is standard output.
    static func namedOutputs(_ arguments: ParsedArguments, _ names: [String]) -> [OutputTargets.Output] {
        names.compactMap { name in
            (arguments[name] ?? (name == "output" ? "-" : nil)).map { OutputTargets.Output(option: "--" + name, path: $0) }
        }
    }

    /// Chooses the input (FILE, standard input or the bundled example), refuses
    /// any output that is the input or another output, and reads it.
    static func readInput(_ arguments: ParsedArguments, outputs: [OutputTargets.Output], options: ReadOptions,
                          progress: (@Sendable (Double) -> Void)? = nil,
                          console: Console) throws -> TransactionTable {
        let source = try InputSource.choose(arguments.positionals)
        try OutputTargets.checkDistinct(outputs, input: source)
        let quiet = arguments.has("quiet")
        return try readTable(source, options: options, progress: progress,
                             notice: { if !quiet { console.error("abcxyz: \($0)") } })
    }

    /// Reads FILE, standard input or the bundled example (``InputSource``),
    /// saying which when FILE was left out (not under --quiet).
    static func readTable(_ source: InputSource, options: ReadOptions,
                          progress: (@Sendable (Double) -> Void)? = nil,
                          notice: (String) -> Void) throws -> TransactionTable {
        if let line = source.notice { notice(line) }
        switch source {
        case .file(let path): return try TransactionTable(contentsOfFile: path, options: options, progress: progress)
        case .standardInput: return try TransactionTable(standardInput: options, progress: progress)
        case .bundledExample: return try BundledExample.table(options: options)
        }
    }
}
