/// A deterministic synthetic sales export with the shape of a real one, for
/// benchmarks, demos and backtests.
///
/// - spend per client is heavy-tailed (log-normal): a few clients carry most
///   of the revenue;
/// - each client buys on its own cycle, a week to half a year, with noise;
/// - about 45 % of clients stop at some point (the truth file says who and when);
/// - about 2 % of rows are refunds, some days carry several rows, a dozen
///   managers change hands now and then, and a few ids need CSV quoting.
///
/// ``Configuration/dialect`` `.messy` writes the same data the way a Russian
/// or Ukrainian 1C or Excel export does: a byte-order mark, semicolons,
/// `1 234,56`, `31.12.2024` and CRLF line ends, which must classify exactly
/// like the clean file.
///
/// Every row is a pure function of the seed, the client and the purchase
/// number, so any thread can write any range of days, rows come out in date
/// order, and the file is the same byte for byte for any thread count.
///
/// ```swift
/// var file = try FileSink(creatingFileAt: "sales.csv")
/// let sales = try SyntheticSales(SyntheticSales.Configuration(rows: 1_000_000))
/// let written = try sales.write(to: &file)   // 1_000_000
/// ```
public struct SyntheticSales: Sendable {
    /// What to generate.
    public struct Configuration: Hashable, Sendable {
        /// Rows to write, exactly.
        public var rows: Int
        /// Distinct clients; `nil` means one per 40 rows.
        public var clients: Int?
        /// Years of history before ``end`` (a little less: the rows beyond the
        /// count asked for are dropped from the start).
        public var years: Int = 3
        /// The last day of the data: the data's latest date is exactly this day.
        public var end: Day = Day(year: 2025, month: 6, day: 30)!
        /// Same seed, same file.
        public var seed: UInt64 = 1
        /// Threads that generate (the output does not depend on it).
        public var threads: Int = ReadOptions.processorCount
        /// How the export is spelled; the data are the same either way.
        public var dialect: ExportDialect = .clean
        /// Write a category column: each client buys one to three services,
        /// each on the service's own rhythm, stopping on its own (SPEC §13);
        /// the truth file then has one row per client × service pair.
        public var services = false

        /// `rows` rows from `clients` clients (one per 40 rows when `nil`), the rest at their defaults.
        public init(rows: Int, clients: Int? = nil) {
            self.rows = rows
            self.clients = clients
        }

        var clientCount: Int { clients ?? max(1, rows / 40) }

        /// The rows a generator writes: 1 to 10^10.
        public static let rowsRange = 1...10_000_000_000
        /// The years of history: 1 to 50.
        public static let yearsRange = 1...50
    }

    /// What this generator was asked for, checked.
    public let configuration: Configuration
    let model: ClientModel

    /// Checks `configuration` (rows 1–10^10, clients 1 to the rows and at most 10^8, years 1–50, threads 1–1024) and builds the client profiles; throws ``OptionsError`` naming the option otherwise.
    public init(_ configuration: Configuration) throws {
        guard Configuration.rowsRange.contains(configuration.rows) else {
            throw OptionsError(option: "rows", requirement: "between 1 and 10^10")
        }
        guard configuration.clientCount >= 1, configuration.clientCount <= min(configuration.rows, 100_000_000) else {
            throw OptionsError(option: "clients", requirement: "between 1 and the number of rows (at most 10^8)")
        }
        let years = Configuration.yearsRange
        guard years.contains(configuration.years) else {
            throw OptionsError(option: "years", requirement: "a whole number from \(years.lowerBound) to \(years.upperBound)",
                               value: "\(configuration.years)")
        }
        // Every date must be one the reader accepts (Day.dataYears).
        let earliestEnd = Day.earliestData.addingMonths(12 * configuration.years)
        guard configuration.end >= earliestEnd, configuration.end <= Day.latestData else {
            throw OptionsError(option: "end", requirement: "a day from \(earliestEnd) to \(Day.latestData), so that "
                + "\(configuration.years) years of history start in 1900 or later", value: configuration.end.description)
        }
        guard (1...1024).contains(configuration.threads) else {
            throw OptionsError(option: "threads", requirement: "a whole number from 1 to 1024",
                               value: "\(configuration.threads)")
        }
        self.configuration = configuration
        model = ClientModel.calibrated(configuration)
    }

    /// Writes the export (CSV with `client,date,amount,manager`) and returns
    /// the number of rows written, which is ``Configuration/rows``.
    /// - Parameter progress: called with the fraction of rows written so far.
    @discardableResult
    public func write(to sink: inout some ByteSink, progress: ((Double) -> Void)? = nil) throws -> Int {
        let columns = configuration.services ? "client,date,amount,manager,category" : "client,date,amount,manager"
        let header = configuration.dialect == .clean ? Array((columns + "\n").utf8)
            : [0xEF, 0xBB, 0xBF] + Array((columns.split(separator: ",").joined(separator: ";") + "\r\n").utf8)
        try header.withUnsafeBytes { try sink.write($0) }
        let chunks = model.dayChunks
        let counts = model.rowCounts
        var written = 0
        var next = 0
        let batchSize = configuration.threads * 2
        while next < chunks.count {
            let batch = next..<min(next + batchSize, chunks.count)
            let texts = Parallel.map(batch.count, threads: configuration.threads) { i in
                model.text(ofDays: chunks[batch.lowerBound + i])
            }
            for (offset, text) in texts.enumerated() {
                try text.withUnsafeBytes { try sink.write($0) }
                written += counts[batch.lowerBound + offset]
            }
            next = batch.upperBound
            progress?(Double(written) / Double(configuration.rows))
        }
        return written
    }

    /// Writes who stopped buying and when:
    /// `client,first_day,stopped,stop_date,cycle_days,typical_amount,last_purchase`, one row per
    /// client in the data, for backtesting the statuses. `first_day` is the client's first row in
    /// the data, `last_purchase` its last purchase there; `stop_date` is the last day a stopping
    /// client may buy, within the data and on or after `last_purchase`. So a client is gone at a
    /// cut when it stopped and its last purchase is on or before the cut.
    /// With ``Configuration/services``: one row per client × service pair in the data,
    /// `client,service,first_day,stopped,stop_date,cycle_days,typical_amount`.
    public func writeTruth(to sink: inout some ByteSink) throws {
        var output = BufferedWriter(sink)
        output.append(configuration.services
            ? "client,service,first_day,stopped,stop_date,cycle_days,typical_amount\n"
            : "client,first_day,stopped,stop_date,cycle_days,typical_amount,last_purchase\n")
        for client in 0..<model.profiles.count {
            for (pair, presence) in model.presence(of: client).enumerated() {
                guard let presence else { continue }  // all its rows fell before the data
                output.buffer.append(contentsOf: model.idText(client))
                output.buffer.append(UInt8(ascii: ","))
                if configuration.services {
                    let (service, profile) = model.pairProfile(of: client, pair)
                    output.buffer.append(contentsOf: ClientModel.serviceTexts[service])
                    output.buffer.append(UInt8(ascii: ","))
                    appendTruth(profile, presence.first, lastPurchase: nil, to: &output.buffer)
                } else {
                    appendTruth(model.profiles[client], presence.first, lastPurchase: presence.lastPurchase,
                                to: &output.buffer)
                }
            }
            try output.flushIfFull()
        }
        try output.flush()
        sink = output.sink
    }

    /// `first_day,stopped,stop_date,cycle_days,typical_amount[,last_purchase]` and the line end
    /// (`lastPurchase` for the per-client file).
    private func appendTruth(_ profile: ClientModel.Profile, _ firstDay: Int32, lastPurchase: Int32?,
                             to bytes: inout [UInt8]) {
        appendDay(firstDay, to: &bytes)
        bytes.append(contentsOf: (profile.stops ? ",yes," : ",no,").utf8)
        if profile.stops { appendDay(profile.limit, to: &bytes) }
        bytes.append(UInt8(ascii: ","))
        DecimalText.appendFixed(profile.cycle, digits: 1, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        MoneyFormat.appendPlain(profile.baseCents, scale: 2, to: &bytes)
        if let lastPurchase {
            bytes.append(UInt8(ascii: ","))
            appendDay(lastPurchase, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private func appendDay(_ day: Int32, to bytes: inout [UInt8]) {
        Day(daysSince1970: Int(day)).appendISO(to: &bytes)
    }
}

/// How a synthetic export is spelled.
public enum ExportDialect: String, Hashable, Sendable, CaseIterable {
    /// `client,date,amount,manager`, `2025-06-30`, `1234.56`, LF.
    case clean
    /// A byte-order mark, `;`, `30.06.2025`, `1 234,56`, CRLF.
    case messy

    var delimiter: UInt8 { self == .clean ? UInt8(ascii: ",") : UInt8(ascii: ";") }
    var lineEnd: [UInt8] { self == .clean ? [UInt8(ascii: "\n")] : [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
}
