import ABCXYZ

/// `abcxyz backtest`: the method run at a past cut and held against what the
/// clients did next (docs/spec.md §15), with the lost factor that would have been right.
struct BacktestCommand: Command {
    var name: String { "backtest" }

    var abstract: String {
        "How right the win-back list was on your own past: the method at a cut against the months after it, "
            + "and which lost factor to use."
    }

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        // The cut is the method's as-of, so --as-of has no place here.
        let method = OptionGroup(title: SharedOptions.method.title,
                                 options: SharedOptions.method.options.filter { $0.name != "as-of" })
        return [SharedOptions.input, method, OptionGroup(title: "BACKTEST [§15]", options: [
            OptionDefinition("cut", value: "DATE",
                             help: "Run the method as of DATE (YYYY-MM-DD), on the rows dated on or before it (required)"),
            OptionDefinition("until", value: "DATE", help: "Last day of the holdout after the cut",
                             default: "the latest date in the data"),
            OptionDefinition("target-precision", value: "P",
                             help: "Recommend the smallest lost factor whose \"lost\" is right this often",
                             default: "0.8"),
        ]), OptionGroup(title: SharedOptions.modelChoice.title, options: [
            // The model's scores and calibration chart (§15); no CLV here, so no --discount.
            OptionDefinition("model", value: "MODEL",
                             help: "Also fit the probabilistic model at the cut: the AUCs of its expected purchases "
                                 + "and P(alive), and its calibration against the holdout",
                             default: "off", choices: ModelKind.allCases.map(\.rawValue)),
        ] + SharedOptions.model.options.filter { $0.name != "discount" }), OptionGroup(title: "OUTPUT", options: [
            OptionDefinition("format", value: "FORMAT",
                             help: "table (for a terminal), json (every figure), or html (one self-contained page)",
                             default: "table", choices: BacktestFormat.allCases.map(\.rawValue)),
            OptionDefinition("output", short: "o", value: "FILE", help: "Write to FILE instead of standard output",
                             default: "standard output"),
            OptionDefinition("formula-guard", value: "on|off", help: "Guard the rejects file's rows against formulas",
                             default: "on", choices: ["on", "off"]),
        ]), SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let format = try arguments.value("format", expected: "table, json or html", BacktestFormat.init(rawValue:))
            ?? .table
        guard let cut = try arguments.value("cut", expected: "a date YYYY-MM-DD", Day.init(iso:)) else {
            throw UsageError("--cut DATE is required: the day to run the method as of")
        }
        var options = BacktestOptions(cut: cut)
        options.until = try arguments.value("until", expected: "a date YYYY-MM-DD", Day.init(iso:))
        if let until = options.until, until <= cut {
            throw UsageError("--until (\(until)) must be after --cut (\(cut))")
        }
        if let target = try arguments.value("target-precision", expected: "a share above 0 and at most 1", {
            Double($0).flatMap { $0 > 0 && $0 <= 1 ? $0 : nil }
        }) {
            options.targetPrecision = target
        }
        let readOptions = try SharedOptions.readOptions(arguments)
        let method = try SharedOptions.analysisOptions(arguments)
        let model = try SharedOptions.requestedModel(arguments)
        let quiet = arguments.has("quiet")
        let progress = ProgressDisplay(enabled: !quiet)
        let table = try SharedOptions.readInput(arguments, outputs: SharedOptions.namedOutputs(arguments, ["output", "rejects"]),
                                                options: readOptions, asOf: options.cut, progress: progress,
                                                console: console)
        progress.show("backtesting", 0)
        let clock = ContinuousClock()
        let start = clock.now
        let backtest = try table.backtest(options, method: method, model: model, threads: readOptions.threads)
        let backtestTime = clock.now - start
        progress.finish()
        try accountForRows(table, backtest, arguments, console: console)
        if let path = arguments["output"], path != "-" {
            try OutputFile.write(path) { try backtest.write(as: format, to: &$0) }
        } else {
            try backtest.write(as: format, to: &console.standardOutput)
        }
        if arguments.has("timings") {
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
        if let path = arguments["rejects"] {
            try OutputFile.write(path) {
                try table.writeRejections(to: &$0, guardingFormulas: arguments["formula-guard"] != "off")
            }
        }
        let rows = backtest.rows
        guard rows.rejected > 0 || (!arguments.has("quiet") && rows.afterUntil > 0) else { return }
        var line = "abcxyz: \(rows.rowsRead) rows read = \(rows.accepted) accepted + \(rows.rejected) rejected; "
            + "\(rows.accepted) accepted = \(rows.throughCut) up to the cut + \(rows.inHoldout) in the holdout + "
            + "\(rows.afterUntil) after --until"
        if rows.rejected > 0 {
            line += arguments["rejects"].map { "; rejected rows in \($0)" } ?? "; list them with --rejects FILE"
        }
        console.error(line)
    }
}
