import ABCXYZ

/// `abcxyz classify` and `abcxyz winback`: read, analyse, write one listing.
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

    var argumentsHelp: [(String, String)] {
        [("FILE", "The sales export (CSV with a header), or - for standard input. "
            + "Without FILE: the bundled worked example.")]
    }

    var optionGroups: [OptionGroup] { SharedOptions.all }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let readOptions = try SharedOptions.readOptions(arguments)
        let analysisOptions = try SharedOptions.analysisOptions(arguments)
        let format = try arguments.value("format", expected: "table, csv or json", OutputFormat.init(rawValue:))
            ?? .table
        let table = try SharedOptions.readTable(arguments, options: readOptions) { console.error("abcxyz: \($0)") }
        let analysis = try table.analyze(analysisOptions, threads: readOptions.threads)
        if table.rejectedCount > 0 {
            let summary = analysis.summary
            console.error("abcxyz: \(summary.rowsRead) rows read = \(summary.accepted) accepted + "
                + "\(summary.rejected) rejected (left out)")
        }
        if let path = arguments["output"] {
            var file: FileSink
            do { file = try FileSink(creatingFileAt: path) } catch { throw OutputFailure.cannotCreate(error) }
            try analysis.write(listing, as: format, to: &file)
            try file.close()
        } else {
            try analysis.write(listing, as: format, to: &console.standardOutput)
        }
    }
}

/// An output file that could not be created (exit 73, not 74).
enum OutputFailure: Error {
    case cannotCreate(any Error)
}
