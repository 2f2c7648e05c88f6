import ABCXYZ

/// `abcxyz backtest`: the method run at a past cut and held against what the
/// clients did next (docs/spec.md §15), with the lost factor that would have been right.
struct BacktestCommand: Command {
    var name: String { "backtest" }

    var abstract: String {
        "How right the win-back list was on your own past: the method at a cut against the months after it, "
            + "and which lost factor to use."
    }

    static let cut = Option<Day>.anyDate(
        "cut", help: "Run the method as of DATE (YYYY-MM-DD), on the rows dated on or before it (required)")
    static let until = Option<Day>.anyDate("until", help: "Last day of the holdout after the cut",
                                           default: "the latest date in the data")
    static let targetPrecision = Option<Double>.number(
        "target-precision", value: "P", help: "Recommend the smallest lost factor whose \"lost\" is right this often",
        default: DefaultText.plain(BacktestOptions(cut: Day.earliestData).targetPrecision),
        property: "targetPrecision", expected: "a share above 0 and at most 1", where: { value in
            // The range is the library's: its `validate()`, with the other options at their defaults.
            var options = BacktestOptions(cut: Day.earliestData)
            options.targetPrecision = value
            return (try? options.validate()) != nil
        })
    static let model = ModelFitOptions.kind.described(
        "Also fit the probabilistic model at the cut: the AUCs of its expected purchases and P(alive), "
            + "and its calibration against the holdout")
    static let format = Option<BacktestFormat>.choice(
        "format", value: "FORMAT", help: "table (for a terminal), json (every figure), or html (one self-contained page)",
        default: .table)

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        // The cut is the method's as-of, so --as-of has no place here.
        [SharedOptions.input, SharedOptions.method.without(MethodOptions.asOf),
         OptionGroup(title: "BACKTEST [§15]", options: [Self.cut, Self.until, Self.targetPrecision]),
         // The model's scores and calibration chart (§15); no CLV here, so no --discount.
         OptionGroup(title: SharedOptions.modelChoice.title,
                     definitions: [Self.model.definition] + SharedOptions.model.without(ModelFitOptions.discount).options),
         OptionGroup(title: "OUTPUT", options: [Self.format, OutputOptions.output, OutputOptions.rejectsFormulaGuard]),
         SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let format = try arguments.value(of: Self.format) ?? .table
        guard let cut = try arguments.value(of: Self.cut) else {
            throw UsageError("--cut DATE is required: the day to run the method as of")
        }
        var options = BacktestOptions(cut: cut)
        options.until = try arguments.value(of: Self.until)
        if let until = options.until, until <= cut {
            throw UsageError("--until (\(until)) must be after --cut (\(cut))")
        }
        try arguments.assign(Self.targetPrecision, to: &options.targetPrecision)
        let readOptions = try SharedOptions.readOptions(arguments)
        let method = try SharedOptions.analysisOptions(arguments)
        let model = try SharedOptions.requestedModel(arguments)
        let quiet = arguments.isSet(RunOptions.quiet)
        let progress = ProgressDisplay(enabled: !quiet)
        var table = try SharedOptions.readInput(arguments, outputs: SharedOptions.namedOutputs(arguments, [OutputOptions.output, InputOptions.rejects]),
                                                options: readOptions, asOf: options.cut, progress: progress,
                                                console: console)
        progress.show("backtesting", 0)
        let clock = ContinuousClock()
        let start = clock.now
        let backtest = try table.backtestReleasingRows(options, method: method, model: model,
                                                    threads: readOptions.threads)
        let backtestTime = clock.now - start
        progress.finish()
        try accountForRows(table, backtest, arguments, console: console)
        if let path = OutputOptions.outputFile(arguments) {
            try OutputFile.write(path) { try backtest.write(as: format, to: &$0) }
        } else {
            try backtest.write(as: format, to: &console.standardOutput)
        }
        if arguments.isSet(RunOptions.timings) {
            console.error("abcxyz: timings: read \(Timings.text(table.readDuration)), "
                + "backtest \(Timings.text(backtestTime)) (group, classify at the cut, "
                + "\(backtest.model == nil ? "" : "fit the model, ")holdout, "
                + "\(backtest.sweep.count)-factor sweep), write \(Timings.text(clock.now - start - backtestTime)), "
                + "\(readOptions.threads) threads")
        }
        console.keepUntilExit(table)
        console.keepUntilExit(backtest)
    }

    /// Writes the rejects file if one is named, and accounts for every row on
    /// standard error when any was left out or fell after --until.
    private func accountForRows(_ table: TransactionTable, _ backtest: Backtest, _ arguments: ParsedArguments,
                                console: Console) throws {
        try SharedOptions.writeRejects(table, arguments)
        let rows = backtest.rows
        guard rows.rejected > 0 || (!arguments.isSet(RunOptions.quiet) && rows.afterUntil > 0) else { return }
        var line = "abcxyz: \(rows.rowsRead) rows read = \(rows.accepted) accepted + \(rows.rejected) rejected; "
            + "\(rows.accepted) accepted = \(rows.throughCut) up to the cut + \(rows.inHoldout) in the holdout + "
            + "\(rows.afterUntil) after --until"
        if rows.rejected > 0 { line += SharedOptions.whereRejectsAre(arguments) }
        console.error(line)
    }
}
