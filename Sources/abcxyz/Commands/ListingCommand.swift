import ABCXYZ

/// `abcxyz classify` and `abcxyz winback`: read, analyse, write one listing
/// (and, for classify, optionally the win-back list too, from the same run).
struct ListingCommand: Command {
    let listing: Listing

    var name: String { listing == .clients ? "classify" : "winback" }

    var abstract: String {
        switch listing {
        case .clients:
            "Every client's ABC/XYZ class, purchase cycle, status, lifetime value lost and win-back tier."
        case .winBack:
            "The win-back list: at-risk and lost clients, tier 1 (win back first) to 4 (let go), "
                + "then by lifetime value lost."
        }
    }

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        guard listing == .clients else {
            return [SharedOptions.input, SharedOptions.method, SharedOptions.modelChoice, SharedOptions.output,
                    SharedOptions.run]
        }
        let output = OptionGroup(title: SharedOptions.output.title, options: SharedOptions.output.options + [
            OptionDefinition("winback-output", value: "FILE",
                             help: "Also write the win-back list to FILE, in the same format, from the same run"),
        ])
        return [SharedOptions.input, SharedOptions.method, SharedOptions.modelChoice, output, SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let format = try arguments.value("format", expected: "table, csv or json", OutputFormat.init(rawValue:))
            ?? .table
        let progress = ProgressDisplay(enabled: !arguments.has("quiet"))
        let (table, analysis) = try SharedOptions.readAndAnalyze(arguments, progress: progress, console: console)
        let clock = ContinuousClock()
        let writeStart = clock.now
        progress.show("writing", 0)
        if arguments["output"] == nil { progress.finish() }  // the listing itself goes to the terminal
        let guardFormulas = arguments["formula-guard"] != "off"
        try write(listing, of: analysis, as: format, to: arguments["output"], guardFormulas: guardFormulas,
                  console: &console)
        if let winBackPath = arguments["winback-output"] {
            try write(.winBack, of: analysis, as: format, to: winBackPath, guardFormulas: guardFormulas,
                      console: &console)
        }
        progress.finish()
        if arguments.has("timings") {
            console.error(Timings.line(table: table, analysis: analysis, write: clock.now - writeStart,
                                       threads: analysis.threads))
        }
        console.keepUntilExit(table)
        console.keepUntilExit(analysis)
    }

    private func write(_ listing: Listing, of analysis: Analysis, as format: OutputFormat, to path: String?,
                       guardFormulas: Bool, console: inout Console) throws {
        guard let path else {
            try analysis.write(listing, as: format, to: &console.standardOutput, guardingFormulas: guardFormulas)
            return
        }
        try OutputFile.write(path) { try analysis.write(listing, as: format, to: &$0, guardingFormulas: guardFormulas) }
    }
}

/// The `--timings` line.
enum Timings {
    /// `1.234 s`.
    static func text(_ duration: Duration) -> String {
        let milliseconds = Int((duration.seconds * 1000).rounded())
        return "\(milliseconds / 1000).\(String(milliseconds % 1000).leftPadded(to: 3)) s"
    }

    static func line(table: TransactionTable, analysis: Analysis, write: Duration, threads: Int) -> String {
        let total = table.readDuration + analysis.groupDuration + analysis.classifyDuration + analysis.modelDuration
            + write
        let rate = total > .zero ? Int(Double(table.rowsRead) / total.seconds) : 0
        let model = analysis.model == nil ? "" : "model \(text(analysis.modelDuration)), "
        return "abcxyz: timings: read \(text(table.readDuration)), group \(text(analysis.groupDuration)), "
            + "classify \(text(analysis.classifyDuration)), \(model)write \(text(write)); total \(text(total)), "
            + "\(rate) rows/s, \(threads) threads"
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
