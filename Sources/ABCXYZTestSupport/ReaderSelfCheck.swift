// In the package this is its own module beside ABCXYZ; Fuzz/run.sh compiles it
// into one module with the library's sources, where there is nothing to import.
#if canImport(ABCXYZ)
import ABCXYZ
#endif

/// The consistency checks the fuzzer runs on every input (Fuzz/ReaderFuzzer.swift),
/// kept here so the regression tests run exactly the same ones on the saved inputs.
///
/// The first three bytes choose the options (the reading and the report's period;
/// the scale 0–6, the period length and the window; the ABC and XYZ measures, the
/// cycles, the minimum periods, the lost factor); the rest is the file. The input is
/// read whole in one piece and again in several: the two reads must agree exactly
/// (rows, transactions, rejections, or the same error); the rows must be accounted
/// for; and the analysis, every listing, the report and the rejects file must be
/// produced without a crash.
///
/// A disagreement is returned as a ``Finding`` rather than trapping, so a test names
/// the input that failed and every check it failed; the fuzzer traps on any finding.
package enum ReaderSelfCheck {
    /// How many leading bytes choose the options.
    package static let controlBytes = 3

    /// One check an input failed, in words (`transactions differ`).
    package struct Finding: Hashable, Sendable, CustomStringConvertible {
        /// What disagreed or was not accounted for.
        package let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// Runs every check on `input` (option bytes, then the file) and returns
    /// the ones it failed; empty when it passed, or is too short to choose options.
    package static func findings(_ input: UnsafeBufferPointer<UInt8>) -> [Finding] {
        guard input.count >= controlBytes else { return [] }
        let control = input[0], methodControl = input[1], measureControl = input[2]
        let bytes = Array(input.dropFirst(controlBytes))
        var options = ReadOptions()
        options.onError = control & 1 == 0 ? .skip : .stop
        options.dateFormat = [.automatic, .dayFirst, .monthFirst, .automatic][Int(control >> 1) & 3]
        options.scale = [2, 0, 1, 3, 4, 5, 6, 2][Int(methodControl) & 7]
        options.delimiter = [nil, nil, .semicolon, .comma][Int(control >> 5) & 3]
        options.threads = 1
        var method = AnalysisOptions()
        method.periodLength = [.month, .week, .quarter, .month][Int(methodControl >> 3) & 3]
        method.periodCount = [12, 1, 2, 3, 6, 13, 24, 36][Int(methodControl >> 5) & 7]
        method.abcMeasure = measureControl & 1 == 0 ? .annualValue : .revenue
        method.xyzMeasure = [.rate, .revenue, .purchaseDays, .rate][Int(measureControl >> 1) & 3]
        method.cycles = [nil, .client, .service, nil][Int(measureControl >> 3) & 3]
        method.minimumSpanPeriods = [3, 1, 2, 5][Int(measureControl >> 5) & 3]
        method.lostFactor = measureControl >> 7 == 0 ? 1.5 : 3
        var findings: [Finding] = []
        func check(_ condition: Bool, _ what: String) {
            if !condition { findings.append(Finding(what)) }
        }
        func read(pieces: Int) -> Result<TransactionTable, ReadError>? {
            var piecesOptions = options
            piecesOptions.pieces = pieces
            do {
                return .success(try TransactionTable(csv: bytes, name: "fuzz", options: piecesOptions))
            } catch let error as ReadError {
                return .failure(error)
            } catch {
                findings.append(Finding("unexpected error type in \(pieces) piece(s): \(error)"))
                return nil
            }
        }
        switch (read(pieces: 1), read(pieces: 2 + Int(control >> 7) * 5)) {
        case (.success(let whole), .success(let split)):
            check(whole.rowsRead == split.rowsRead, "rows read differ")
            check(whole.transactions == split.transactions, "transactions differ")
            check(whole.rejections == split.rejections, "rejections differ")
            check(whole.rowsRead == whole.acceptedCount + whole.rejectedCount, "rows not accounted for")
            check(whole.lines == split.lines && whole.inferredDateOrder == split.inferredDateOrder,
                  "line counts or date orders differ")
            let lineBreaks = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            check(whole.lines == lineBreaks + (bytes.last == UInt8(ascii: "\n") ? 0 : 1), "lines miscounted")
            guard whole.acceptedCount > 0, let analysis = try? whole.analyze(method, threads: 1) else { return findings }
            let summary = analysis.summary
            check(summary.accepted == summary.used + summary.afterAsOf, "accepted rows not accounted for")
            for listing in Listing.allCases {
                for format in OutputFormat.allCases { _ = analysis.text(listing, as: format) }
            }
            let reportPeriod: ReportPeriod = [.month, .quarter, .year, .month][Int(control >> 3) & 3]
            let servicePeriod: ServicePeriod = [.cycle, .month, .quarter, .year][Int(control >> 3) & 3]
            if let report = try? analysis.report(period: reportPeriod, top: 5, servicePeriod: servicePeriod) {
                for format in ReportFormat.allCases { _ = report.text(as: format) }
            }
            var rejects = ByteArraySink()
            try? whole.writeRejections(to: &rejects)
        case (.failure(let a), .failure(let b)):
            check(a == b, "errors differ: \(a) / \(b)")
        case (nil, _), (_, nil):
            break  // the unexpected error is a finding already
        default:
            findings.append(Finding("one read failed and the other did not"))
        }
        return findings
    }
}
