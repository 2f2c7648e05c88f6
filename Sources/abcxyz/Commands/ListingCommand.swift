import ABCXYZ

/// `abcxyz classify`, `abcxyz winback` and `abcxyz services`: read, analyse,
/// write one listing (and, for classify, optionally the win-back list too,
/// from the same run). `winback --by service` lists client × service pairs.
struct ListingCommand: Command {
    /// `.clients`, `.winBack` (which also serves `--by service`) or `.services`.
    let listing: Listing

    var name: String {
        switch listing {
        case .clients: "classify"
        case .winBack, .serviceWinBack: "winback"
        case .services: "services"
        }
    }

    var abstract: String {
        switch listing {
        case .clients:
            "Every client's ABC/XYZ class, purchase cycle, status, lifetime value lost and win-back tier."
        case .winBack, .serviceWinBack:
            "The win-back list: at-risk and lost clients (or, --by service, client × service pairs), "
                + "tier 1 (win back first) to 4 (let go), then by lifetime value lost."
        case .services:
            "Every client × service pair (docs/spec.md §13): its purchases, cycle (own or the service's), status, "
                + "value lost and master."
        }
    }

    /// `winback --by service`: client × service pairs instead of clients.
    static let by = Option<Bool>.choice(
        "by", value: "WHAT", help: "List clients, or client × service pairs (each by its service's rhythm) [§13]",
        default: "client", [("client", false), ("service", true)])
    /// `classify --winback-output FILE`.
    static let winBackOutput = Option<String>.file(
        "winback-output", help: "Also write the win-back list to FILE, in the same format, from the same run")

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        var own: [any OptionDefining] = []
        if listing == .winBack { own.append(Self.by) }
        if listing == .clients { own.append(Self.winBackOutput) }
        let output = OptionGroup(title: SharedOptions.output.title,
                                 options: OutputOptions.listing + own + CallListOptions.listing)
        var groups = [SharedOptions.input, SharedOptions.method]
        if listing == .clients || listing == .winBack { groups.append(SharedOptions.modelChoice) }
        groups.append(output)
        if listing == .winBack {
            groups.append(OptionGroup(title: "CALL LIST (which rows to print, in what order; figures never change)",
                                      options: CallListOptions.selection(top: true)))
        }
        return groups + [SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let format = try arguments.value(of: OutputOptions.format) ?? .table
        if format == .xlsx, !arguments.isGiven(OutputOptions.output) {
            throw UsageError("--format xlsx writes a workbook (binary), not text for a terminal: give -o FILE.xlsx")
        }
        let excel = arguments.isSet(OutputOptions.excel)
        if excel, format != .csv {
            throw UsageError("--excel is a form of CSV: use it with --format csv")
        }
        let dialect: CSVDialect = excel ? .excel : .standard
        var listing = self.listing
        if listing == .winBack, try arguments.value(of: Self.by) == true { listing = .serviceWinBack }
        if listing.isPerService, try arguments.value(of: MethodOptions.cycles) == .client {
            throw UsageError("\(listing == .services ? "services" : "--by service") judges each client × service "
                + "pair by its service's cycle: it cannot run with --cycles client")
        }
        let quiet = arguments.isSet(RunOptions.quiet)
        let progress = ProgressDisplay(enabled: !quiet)
        let outputs = SharedOptions.namedOutputs(arguments, [OutputOptions.output, Self.winBackOutput,
                                                             InputOptions.rejects])
        let (table, analysis) = try SharedOptions.readAndAnalyze(arguments, outputs: outputs, progress: progress,
                                                                 console: console,
                                                                 cycles: listing.isPerService ? .service : nil)
        let clock = ContinuousClock()
        let writeStart = clock.now
        progress.show("writing", 0)
        let outputPath = OutputOptions.outputFile(arguments)
        if outputPath == nil { progress.finish() }  // the listing itself goes to the terminal
        let guardFormulas = try OutputOptions.guardsFormulas(arguments)
        let columns = try CallListOptions.content(arguments)
        var content = columns
        if self.listing == .winBack { content.selection = try CallListOptions.selection(arguments) }
        try write(listing, of: analysis, as: format, to: outputPath, guardFormulas: guardFormulas,
                  dialect: dialect, content: content, console: &console)
        if let winBackPath = arguments.text(of: Self.winBackOutput) {
            try write(.winBack, of: analysis, as: format, to: winBackPath, guardFormulas: guardFormulas,
                      dialect: dialect, content: columns, console: &console)
        }
        progress.finish()
        if content.selection.filters, format != .table, !quiet {
            // The table's caption says it; other formats have no place for it.
            let count = try analysis.count(of: content.selection, in: listing)
            let rows = listing == .serviceWinBack ? "client × service pairs" : "clients"
            console.error("abcxyz: \(count.shown) of the \(count.total) \(rows) on the win-back list printed, "
                + "\(count.total - count.shown) left out by \(CallListOptions.describe(arguments))")
        }
        if arguments.isSet(RunOptions.timings) {
            console.error(Timings.line(table: table, analysis: analysis, write: clock.now - writeStart,
                                       threads: analysis.threads))
        }
        console.keepUntilExit(table)
        console.keepUntilExit(analysis)
    }

    private func write(_ listing: Listing, of analysis: Analysis, as format: OutputFormat, to path: String?,
                       guardFormulas: Bool, dialect: CSVDialect, content: ListingContent,
                       console: inout Console) throws {
        guard let path, path != "-" else {
            try analysis.write(listing, as: format, to: &console.standardOutput, guardingFormulas: guardFormulas,
                               dialect: dialect, content: content)
            return
        }
        try OutputFile.write(path) {
            try analysis.write(listing, as: format, to: &$0, guardingFormulas: guardFormulas, dialect: dialect,
                               content: content)
        }
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
