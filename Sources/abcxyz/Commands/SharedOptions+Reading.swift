import ABCXYZ

/// What every data command does first: choose and read the input, analyse it, and
/// say on standard error what reading decided and where every row went.
extension SharedOptions {
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
        var table = try readInput(arguments, outputs: outputs, options: readOptions, asOf: analysisOptions.asOf,
                                  progress: progress, console: console)
        progress.show("classifying", 0)
        // One analysis per run: its rows are freed as they are grouped (peak memory).
        let analysis = try table.analyzeReleasingRows(analysisOptions, model: model, threads: readOptions.threads)
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
        try writeRejects(table, arguments)
        let quiet = arguments.isSet(RunOptions.quiet)
        guard !quiet, summary.rejected > 0 || summary.afterAsOf > 0 else { return }
        var line = "abcxyz: \(summary.lines) lines, "
            + "\(summary.rowsRead) rows read = \(summary.accepted) accepted + \(summary.rejected) rejected; "
            + "\(summary.accepted) accepted = \(summary.used) used + \(summary.afterAsOf) after as-of"
        if summary.rejected > 0 { line += whereRejectsAre(arguments) }
        console.error(line)
    }

    /// Writes the rows left out to `--rejects FILE`, when one is named.
    static func writeRejects(_ table: TransactionTable, _ arguments: ParsedArguments) throws {
        guard let path = arguments.text(of: InputOptions.rejects) else { return }
        let guardsFormulas = try OutputOptions.guardsFormulas(arguments)
        try OutputFile.write(path) { try table.writeRejections(to: &$0, guardingFormulas: guardsFormulas) }
    }

    /// The end of the rows line when rows were rejected: where they are, or how to list them.
    static func whereRejectsAre(_ arguments: ParsedArguments) -> String {
        arguments.text(of: InputOptions.rejects).map { "; rejected rows in \($0)" } ?? "; list them with --rejects FILE"
    }

    /// Chooses the input (FILE, standard input or the bundled example), refuses
    /// any output that is the input or another output, reads it, and says what
    /// reading decided (``readingNotices(_:asOf:)``, the date order; not under --quiet).
    static func readInput(_ arguments: ParsedArguments, outputs: [OutputTargets.Output], options: ReadOptions,
                          asOf: Day? = nil, progress: ProgressDisplay? = nil,
                          console: Console) throws -> TransactionTable {
        let source = try InputSource.choose(arguments.positionals)
        try OutputTargets.checkDistinct(outputs, input: source)
        let quiet = arguments.isSet(RunOptions.quiet)
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
