import ABCXYZ
import Foundation
import Testing

/// The repository's `fixtures/` folder.
let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

func fixture(_ path: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
}

/// Reads CSV text and analyses it.
func analyze(_ csv: String, read: ReadOptions = ReadOptions(), threads: Int = 2,
             _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> Analysis {
    var options = AnalysisOptions()
    configure(&options)
    return try TransactionTable(csv: Array(csv.utf8), name: "test.csv", options: read)
        .analyze(options, threads: threads)
}

/// A CSV with a header, from `client,date,amount[,manager]` lines.
func csv(_ lines: String...) -> String {
    let body = lines.joined(separator: "\n")
    let firstLine = body.split(separator: "\n").first ?? ""
    let hasManager = firstLine.split(separator: ",", omittingEmptySubsequences: false).count > 3
    return (hasManager ? "client,date,amount,manager\n" : "client,date,amount\n") + body + "\n"
}

func day(_ iso: String) -> Day { Day(iso: iso)! }

extension Analysis {
    func client(_ id: String) throws -> ClientResult {
        try #require(clients[client: id], "no result for \(id)")
    }
}
