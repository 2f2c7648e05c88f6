/// The consistency checks the fuzzer runs on every input (Fuzz/ReaderFuzzer.swift),
/// kept here so the regression tests run exactly the same ones on the saved inputs.
///
/// The first byte chooses the options; the rest is the file. The input is
/// read whole in one piece and again in several: the two reads must agree
/// exactly (rows, transactions, rejections, or the same error); the rows must
/// be accounted for; and the analysis, every listing, the report and the
/// rejects file must be produced without a crash. A disagreement traps.
enum ReaderSelfCheck {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let control = input.first else { return }
        let bytes = Array(input.dropFirst())
        var options = ReadOptions()
        options.onError = control & 1 == 0 ? .skip : .stop
        options.dateFormat = [.automatic, .dayFirst, .monthFirst, .automatic][Int(control >> 1) & 3]
        options.scale = [2, 0, 3, 2][Int(control >> 3) & 3]
        options.delimiter = [nil, nil, .semicolon, .comma][Int(control >> 5) & 3]
        options.threads = 1
        func read(pieces: Int) -> Result<TransactionTable, ReadError> {
            var piecesOptions = options
            piecesOptions.pieces = pieces
            do {
                return .success(try TransactionTable(csv: bytes, name: "fuzz", options: piecesOptions))
            } catch let error as ReadError {
                return .failure(error)
            } catch {
                preconditionFailure("unexpected error type: \(error)")
            }
        }
        switch (read(pieces: 1), read(pieces: 2 + Int(control >> 7) * 5)) {
        case (.success(let whole), .success(let split)):
            precondition(whole.rowsRead == split.rowsRead, "rows read differ")
            precondition(whole.transactions == split.transactions, "transactions differ")
            precondition(whole.rejections == split.rejections, "rejections differ")
            precondition(whole.rowsRead == whole.acceptedCount + whole.rejectedCount, "rows not accounted for")
            precondition(whole.lines == split.lines && whole.inferredDateOrder == split.inferredDateOrder,
                         "line counts or date orders differ")
            let lineBreaks = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            precondition(whole.lines == lineBreaks + (bytes.last == UInt8(ascii: "\n") ? 0 : 1), "lines miscounted")
            guard whole.acceptedCount > 0, let analysis = try? whole.analyze(threads: 1) else { return }
            let summary = analysis.summary
            precondition(summary.accepted == summary.used + summary.afterAsOf, "accepted rows not accounted for")
            for listing in Listing.allCases {
                for format in OutputFormat.allCases { _ = analysis.text(listing, as: format) }
            }
            if let report = try? analysis.report(top: 5) {
                for format in ReportFormat.allCases { _ = report.text(as: format) }
            }
            var rejects = ByteBuffer()
            try? whole.writeRejections(to: &rejects)
        case (.failure(let a), .failure(let b)):
            precondition(a == b, "errors differ: \(a) / \(b)")
        default:
            preconditionFailure("one read failed and the other did not")
        }
    }
}
