import ABCXYZ
import Testing

/// SPEC §13 leaves data without a category column as it was, and §10 holds
/// with services too: the same bytes for any thread count and any cut.
@Suite("Services: unchanged without categories, the same for any thread count")
struct ServiceDeterminismTests {
    /// A generated export with a category column (`generate --services`).
    static func salesWithServices(seed: UInt64, rows: Int = 6_000) throws -> String {
        var configuration = SyntheticSales.Configuration(rows: rows, clients: rows / 30)
        configuration.seed = seed
        configuration.services = true
        configuration.threads = 2
        var buffer = ByteArraySink()
        try SyntheticSales(configuration).write(to: &buffer)
        return buffer.text
    }

    /// The same export with its last column (the category) taken off every line.
    static func withoutCategory(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let comma = line.lastIndex(of: ",") else { return String(line) }
            return String(line[..<comma])
        }.joined(separator: "\n")
    }

    static func read(_ text: String, pieces: Int = 1, threads: Int = 1) throws -> TransactionTable {
        var options = ReadOptions()
        options.pieces = pieces
        options.threads = threads
        return try TransactionTable(csv: Array(text.utf8), name: "sales.csv", options: options)
    }

    /// Every output of the engine for an analysis, one string each.
    static func outputs(_ analysis: Analysis, services: Bool) throws -> [String] {
        var texts = [Listing.clients, .winBack].flatMap { listing in
            OutputFormat.allCases.map { analysis.text(listing, as: $0) }
        }
        if services {
            texts += [Listing.services, .serviceWinBack].flatMap { listing in
                OutputFormat.allCases.map { analysis.text(listing, as: $0) }
            }
        }
        for period in [ReportPeriod.month, .quarter] {
            let report = try analysis.report(period: period)
            texts += ReportFormat.allCases.map { report.text(as: $0) }
        }
        return texts
    }

    @Test("A file with its category column removed gives byte for byte what --cycles client gives with it",
          arguments: [UInt64(1), 2, 3])
    func withoutCategoryColumnNothingChanges(seed: UInt64) throws {
        let text = try Self.salesWithServices(seed: seed)
        #expect(text.hasPrefix("client,date,amount,manager,category\n"))
        var byClient = AnalysisOptions()
        byClient.cycles = .client
        let withColumn = try Self.read(text).analyze(byClient, threads: 2)
        let stripped = try Self.read(Self.withoutCategory(text))
        #expect(!stripped.hasCategoryColumn)
        let withoutColumn = try stripped.analyze(threads: 2)
        #expect(withoutColumn.cycles == .client)
        let expected = try Self.outputs(withoutColumn, services: false)
        let actual = try Self.outputs(withColumn, services: false)
        #expect(expected.count == actual.count)
        for (index, (want, got)) in zip(expected, actual).enumerated() {
            #expect(want == got, "output \(index), seed \(seed)")
        }
        #expect(try withoutColumn.report().services == nil)
        // And in service mode, the statuses really differ on such data (each service keeps its own rhythm).
        let byService = try Self.read(text).analyze(threads: 2)
        #expect(byService.cycles == .service)
        #expect(byService.text(.clients, as: .csv) != withColumn.text(.clients, as: .csv))
    }

    @Test("With services, every output is the same for 1 or 2 threads and any number of pieces",
          arguments: [UInt64(4), 5])
    func threadsAndPieces(seed: UInt64) throws {
        let text = try Self.salesWithServices(seed: seed, rows: 8_000)
        let reference = try Self.outputs(try Self.read(text).analyze(threads: 1), services: true)
        for (pieces, threads) in [(2, 2), (7, 2), (31, 1), (64, 2)] {
            let analysis = try Self.read(text, pieces: pieces, threads: threads).analyze(threads: threads)
            let outputs = try Self.outputs(analysis, services: true)
            for (index, (want, got)) in zip(reference, outputs).enumerated() {
                #expect(want == got, "output \(index), \(pieces) pieces, \(threads) threads, seed \(seed)")
            }
        }
    }

    @Test("Rows in another order within each day give the same pairs")
    func rowOrderWithinADay() throws {
        // The salon's rows reversed within each day (no day has two rows naming different managers for one pair).
        let text = try fixture("salon/transactions.csv")
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let byDay = Dictionary(grouping: lines.indices) { lines[$0].split(separator: ",")[1] }
        let shuffled = lines.indices.sorted { a, b in
            let dayA = lines[a].split(separator: ",")[1], dayB = lines[b].split(separator: ",")[1]
            return dayA != dayB ? a < b : a > b
        }
        #expect(byDay.values.contains { $0.count > 1 })
        let reordered = ([header] + shuffled.map { lines[$0] }).joined(separator: "\n") + "\n"
        let analysis = try Self.read(reordered).analyze()
        #expect(analysis.text(.services, as: .csv) == (try fixture("salon/services.csv")))
    }
}
