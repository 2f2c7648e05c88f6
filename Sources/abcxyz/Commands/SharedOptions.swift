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

    static let method = OptionGroup(title: "METHOD (docs/spec.md sections in brackets)", options: [
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

    /// The probabilistic model of §14 (the `model` command; with ``modelChoice`` first, classify, winback, report).
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

    /// `--model`, and the model group after it, for the commands whose model is off by default.
    static let modelChoice = OptionGroup(title: model.title, options: [
        OptionDefinition("model", value: "MODEL",
                         help: "Also run the probabilistic model: each client's P(alive), expected purchases, "
                             + "expected spend and CLV", default: "off", choices: ModelKind.allCases.map(\.rawValue)),
    ] + model.options)

    /// The model `--model` asks for, or `nil`; the other model options need it.
    static func requestedModel(_ arguments: ParsedArguments) throws -> ModelOptions? {
        guard let kind = try arguments.value("model", expected: "bgnbd or pareto-nbd", ModelKind.init(rawValue:)) else {
            if let given = model.options.first(where: { arguments[$0.name] != nil }) {
                throw UsageError("--\(given.name) applies to the model: add --model bgnbd or --model pareto-nbd")
            }
            return nil
        }
        var options = try modelOptions(arguments)
        options.model = kind
        return options
    }

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
                         help: "table (aligned, for people), csv or json (docs/spec.md §11 exactly), xlsx (an Excel "
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
        options.scale = try arguments.value("scale", expected: "a whole number", { Int($0) }) ?? 2
        options.onError = try arguments.value("on-error", expected: "stop or skip", ErrorPolicy.init(rawValue:))
            ?? (arguments["rejects"] != nil ? .skip : .stop)
        if arguments["rejects"] != nil, options.onError == .stop {
            throw UsageError("--rejects lists the rows left out, which needs --on-error skip")
        }
        options.threads = try threads(arguments)
        options.keptColumns = try CallListOptions.keptColumns(arguments)
        try options.validate()
        return options
    }

    static func threads(_ arguments: ParsedArguments) throws -> Int {
        try arguments.value("threads", expected: "a whole number", { Int($0) }) ?? ReadOptions.processorCount
    }

    /// A date option: `YYYY-MM-DD` in the years an export can hold (``Day/dataYears``).
    static func date(_ arguments: ParsedArguments, _ name: String) throws -> Day? {
        let range = "a date YYYY-MM-DD from \(Day.earliestData) to \(Day.latestData)"
        return try arguments.value(name, expected: range) { Day(iso: $0).flatMap { $0.isInDataRange ? $0 : nil } }
    }

    /// The command-line flag of each option a library ``OptionsError`` names.
    static let flags: [String: String] = [
        "asOf": "--as-of", "periodCount": "--months", "abcLimits": "--abc", "xyzLimits": "--xyz",
        "minimumSpanPeriods": "--min-periods", "minimumIntervals": "--min-intervals",
        "fallbackCycleDays": "--fallback-cycle", "minimumCycleDays": "--min-cycle", "atRiskFactor": "--at-risk-factor",
        "lostFactor": "--lost-factor", "horizonYears": "--horizon", "margin": "--margin", "scale": "--scale",
        "threads": "--threads", "pieces": "--pieces", "rows": "--rows", "clients": "--clients", "years": "--years",
        "end": "--end", "top": "--top", "period": "--from and --to",
    ]

    /// An ``OptionsError`` in the words of the command line: every option it
    /// names spelled as its flag (`--margin must be more than 0 and at most 1 (got 35)`).
    /// Only the option itself and camel-case property names are replaced, not plain words.
    static func flagText(_ error: OptionsError) -> String {
        var text = ""
        var word = ""
        func flush() {
            let isName = word == error.option || word.contains(where: \.isUppercase)
            text += isName ? flags[word] ?? word : word
            word = ""
        }
        for character in error.description {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                text.append(character)
            }
        }
        flush()
        return text
    }

    /// Method options from the command line, each checked as it is read.
    static func analysisOptions(_ arguments: ParsedArguments) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        options.asOf = try date(arguments, "as-of")
        if let period = try arguments.value("period", expected: "week, month or quarter", PeriodLength.init(rawValue:)) {
            options.periodLength = period
        }
        func whole(_ name: String) throws -> Int? {
            try arguments.value(name, expected: "a whole number", { Int($0) })
        }
        func number(_ name: String) throws -> Double? {
            try arguments.value(name, expected: "a number") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
        }
        if let count = try whole("months") { options.periodCount = count }
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
        if let value = try whole("min-periods") { options.minimumSpanPeriods = value }
        if let value = try whole("min-intervals") { options.minimumIntervals = value }
        if let value = try number("fallback-cycle") { options.fallbackCycleDays = value }
        if let value = try number("min-cycle") { options.minimumCycleDays = value }
        if let value = try number("at-risk-factor") { options.atRiskFactor = value }
        if let value = try number("lost-factor") { options.lostFactor = value }
        if let value = try number("horizon") { options.horizonYears = value }
        if let value = try number("margin") { options.margin = value }
        options.cycles = try arguments.value("cycles", expected: "service or client", CycleBasis.init(rawValue:))
        if let matrix = try arguments.value("tiers", expected: "nine tiers 1–4 in row order, e.g. 1,1,2,2,2,3,3,4,4",
                                            TierMatrix.init) {
            options.tierMatrix = matrix
        }
        // The ranges are the library's, so an embedder gets the same answer; checked
        // here, before a large file is read.
        try options.validate()
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
        let model = try requestedModel(arguments)
        let table = try readInput(arguments, outputs: outputs, options: readOptions, asOf: analysisOptions.asOf,
                                  progress: progress, console: console)
        progress.show("classifying", 0)
        let analysis = try table.analyze(analysisOptions, model: model, threads: readOptions.threads)
        if table.rejectedCount > 0 || analysis.summary.afterAsOf > 0 { progress.finish() }
        try accountForRows(table, analysis, arguments, console: console)
        return (table, analysis)
    }

    /// What reading decided that the user should know (not under --quiet): the
    /// columns used, columns that look like a manager or category but were not
    /// recognised, amounts the scale rounded, and an as-of after the data ends.
    static func readingNotices(_ table: TransactionTable, asOf: Day?) -> [String] {
        var notices: [String] = []
        if !table.columns.isEmpty {
            notices.append("columns: " + table.columns.map(\.description).joined(separator: ", "))
        }
        for column in table.lookalikeColumns {
            let role = column.role.rawValue
            notices.append("column '\(column.name)' (\(column.field)) looks like a \(role) column but is not a name "
                + "abcxyz knows, so the data has no \(role); to use it: --\(role)-column '\(column.name)'")
        }
        if table.roundedAmountCount > 0 {
            notices.append("\(table.roundedAmountCount) of \(table.acceptedCount) amounts had more decimals than "
                + "--scale \(table.scale) and were rounded half away from zero")
        }
        if let asOf, let latest = table.dateRange?.upperBound, latest < asOf {
            notices.append("as-of \(asOf) is \(asOf - latest) days after the latest transaction \(latest)")
        }
        return notices
    }

    /// After reading: writes the rejects file if one is named, and accounts for
    /// every row on standard error when any was left out (not under --quiet:
    /// quiet means only errors).
    static func accountForRows(_ table: TransactionTable, _ analysis: Analysis, _ arguments: ParsedArguments,
                               console: Console) throws {
        let summary = analysis.summary
        if let path = arguments["rejects"] {
            try OutputFile.write(path) {
                try table.writeRejections(to: &$0, guardingFormulas: arguments["formula-guard"] != "off")
            }
        }
        let quiet = arguments.has("quiet")
        guard !quiet, summary.rejected > 0 || summary.afterAsOf > 0 else { return }
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
    /// any output that is the input or another output, reads it, and says what
    /// reading decided (``readingNotices(_:asOf:)``, the date order; not under --quiet).
    static func readInput(_ arguments: ParsedArguments, outputs: [OutputTargets.Output], options: ReadOptions,
                          asOf: Day? = nil, progress: ProgressDisplay? = nil,
                          console: Console) throws -> TransactionTable {
        let source = try InputSource.choose(arguments.positionals)
        try OutputTargets.checkDistinct(outputs, input: source)
        let quiet = arguments.has("quiet")
        var showProgress: (@Sendable (Double) -> Void)? = nil
        if let progress { showProgress = { progress.show("reading", $0) } }
        let table = try readTable(source, options: options, progress: showProgress,
                                  notice: { if !quiet { console.error("abcxyz: \($0)") } })
        guard !quiet else { return table }
        let notices = (table.inferredDateOrder.map { ["\($0)"] } ?? []) + readingNotices(table, asOf: asOf)
        if !notices.isEmpty { progress?.finish() }
        for notice in notices { console.error("abcxyz: \(notice)") }
        return table
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
