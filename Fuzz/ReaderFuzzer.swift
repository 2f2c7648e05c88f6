// libFuzzer entry point for the reader (and what follows it). Built by
// Fuzz/run.sh together with the library's sources, as one module, with
// `-sanitize=fuzzer,address`; not part of the package build.
//
// The first byte chooses the options; the rest is the file. Every input is
// read whole in one piece and again in several pieces: the two reads must
// agree exactly (rows, transactions, rejections, or the same error). Then the
// data are analysed and every output is written. A crash, a sanitizer report
// or a disagreement (a trap) is a finding.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
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
            fatalError("unexpected error type: \(error)")
        }
    }
    let whole = read(pieces: 1)
    let split = read(pieces: 2 + Int(control >> 7) * 5)
    switch (whole, split) {
    case (.success(let a), .success(let b)):
        precondition(a.rowsRead == b.rowsRead, "rows read differ")
        precondition(a.transactions == b.transactions, "transactions differ")
        precondition(a.rejections == b.rejections, "rejections differ")
        precondition(a.rowsRead == a.acceptedCount + a.rejectedCount, "rows not accounted for")
        guard a.acceptedCount > 0, let analysis = try? a.analyze(threads: 1) else { return 0 }
        let summary = analysis.summary
        precondition(summary.accepted == summary.used + summary.afterAsOf, "accepted rows not accounted for")
        for listing in Listing.allCases {
            for format in OutputFormat.allCases { _ = analysis.text(listing, as: format) }
        }
        if let report = try? analysis.report(top: 5) {
            for format in ReportFormat.allCases { _ = report.text(as: format) }
        }
        var rejects = ByteBuffer()
        try? a.writeRejections(to: &rejects)
    case (.failure(let a), .failure(let b)):
        precondition(a == b, "errors differ: \(a) / \(b)")
    default:
        preconditionFailure("one read failed and the other did not")
    }
    return 0
}
