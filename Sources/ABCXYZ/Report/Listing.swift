/// The two per-client outputs of SPEC §11.
public enum Listing: String, Hashable, Sendable, CaseIterable {
    /// Every client with a purchase day (`classify`).
    case clients
    /// The at-risk and lost clients in win-back order (`winback`).
    case winBack = "winback"
    /// Every client × service pair with a purchase day (`services`, SPEC §13).
    case services
    /// The at-risk and lost pairs in win-back order (`winback --by service`).
    case serviceWinBack = "winback-services"

    /// Whether the listing's rows are client × service pairs (SPEC §13).
    public var isPerService: Bool { self == .services || self == .serviceWinBack }
}

/// How a listing is printed.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned columns in human units, for a terminal.
    case table
    /// CSV with a header, SPEC §11 exactly.
    case csv
    /// A JSON array of objects with the keys of SPEC §11.
    case json
    /// An Excel workbook: the CSV's cells, typed (``Analysis/writeWorkbook(_:to:)``).
    case xlsx
}

/// A figure a listing can show, read from a client's record (SPEC §11), or
/// from what ``ListingRows`` worked out for the appended columns.
enum ListingField: Hashable, Sendable {
    case rank, client, service, revenue, share, abc, cv, xyz, purchases, firstPurchase, lastPurchase, cycle, recency,
         status, annualValue, averageOrderValue, ltvLoss, tier, manager
    /// The model's columns (SPEC §14), with `--model` only.
    case probabilityAlive, expectedPurchases, expectedSpend, clv
    /// Appended (``ListingContent``): due back, lost since, the reasons in words, a kept input column.
    case nextExpected, lostSince, why, kept(Int)

    /// How the figure is spelled: what the writers switch on.
    enum Kind {
        case text, money, ratio, integer, optionalInteger, day, days, word
    }

    var kind: Kind {
        switch self {
        case .client, .service, .manager, .why, .kept: .text
        case .nextExpected, .lostSince: .day
        case .revenue, .annualValue, .averageOrderValue, .ltvLoss, .expectedSpend, .clv: .money
        case .share, .cv, .probabilityAlive, .expectedPurchases: .ratio
        case .rank, .purchases, .recency: .integer
        case .tier: .optionalInteger
        case .firstPurchase, .lastPurchase: .day
        case .cycle: .days
        case .abc, .xyz, .status: .word
        }
    }
}

/// A column of a listing: its SPEC §11 name, its heading in the table, and
/// the figure it shows.
struct ListingColumn: Sendable {
    /// The name in CSV headers and JSON keys.
    let key: String
    /// The heading in the terminal table; it names the span a figure covers
    /// where that is not the window's (revenue) or is easy to mistake for it.
    let heading: String
    let field: ListingField

    init(_ key: String, _ heading: String, _ field: ListingField) {
        self.key = key
        self.heading = heading
        self.field = field
    }

    /// Right-aligned in the table.
    var numeric: Bool {
        switch field.kind {
        case .money, .ratio, .integer, .optionalInteger, .days: true
        case .text, .day, .word: false
        }
    }
}

/// Every fixed column, defined once: key, table heading and field. The
/// listings pick from these, so a column reads the same in every listing.
extension ListingColumn {
    static let client = ListingColumn("client", "client", .client)
    static let revenue = ListingColumn("revenue", "revenue (window)", .revenue)
    static let share = ListingColumn("share", "share", .share)
    static let abc = ListingColumn("abc", "abc", .abc)
    static let cv = ListingColumn("cv", "cv", .cv)
    static let xyz = ListingColumn("xyz", "xyz", .xyz)
    static let purchases = ListingColumn("purchases", "purchases (history)", .purchases)
    static let firstPurchase = ListingColumn("first_purchase", "first", .firstPurchase)
    static let lastPurchase = ListingColumn("last_purchase", "last", .lastPurchase)
    static let cycleDays = ListingColumn("cycle_days", "cycle", .cycle)
    static let recencyDays = ListingColumn("recency_days", "recency", .recency)
    static let status = ListingColumn("status", "status", .status)
    static let annualValue = ListingColumn("annual_value", "annual value", .annualValue)
    static let aov = ListingColumn("aov", "aov (history)", .averageOrderValue)
    static let ltvLoss = ListingColumn("ltv_loss", "ltv lost", .ltvLoss)
    static let tier = ListingColumn("tier", "tier", .tier)
    static let manager = ListingColumn("manager", "manager", .manager)
    static let rank = ListingColumn("rank", "rank", .rank)
    static let service = ListingColumn("service", "service", .service)
    static let master = ListingColumn("master", "master", .manager)
    // The model's (§14).
    static let pAlive = ListingColumn("p_alive", "p alive", .probabilityAlive)
    static let expectedPurchases = ListingColumn("expected_purchases", "expected purchases", .expectedPurchases)
    static let expectedSpend = ListingColumn("expected_spend", "expected spend", .expectedSpend)
    static let clv = ListingColumn("clv", "clv", .clv)
    // `--columns extended`.
    static let nextExpected = ListingColumn("next_expected", "next expected", .nextExpected)
    static let lostSince = ListingColumn("lost_since", "lost since", .lostSince)
    static let why = ListingColumn("why", "why", .why)
}

extension Listing {
    /// The columns a listing prints: SPEC §11's, then the model's (``modelColumns``,
    /// when `model`), then those `content` asks for (``ListingContent``), then
    /// the kept input columns; `why`, the one column of sentences, comes last
    /// so that the aligned ones stay together, and only in the formats people read.
    func columns(_ content: ListingContent, format: OutputFormat, kept: KeptColumns?,
                 model: Bool = false) -> [ListingColumn] {
        var result = columns
        if model { result += modelColumns }
        if content.extended {
            result += [.nextExpected, .lostSince]
        }
        if let kept { result += kept.names.enumerated().map { ListingColumn($0.element, $0.element, .kept($0.offset)) } }
        if content.extended, format == .table || format == .xlsx { result.append(.why) }
        return result
    }

    /// The columns of SPEC §11, in order (more may follow; none may be renamed).
    var columns: [ListingColumn] {
        switch self {
        case .clients:
            [.client, .revenue, .share, .abc, .cv, .xyz, .purchases, .firstPurchase, .lastPurchase, .cycleDays,
             .recencyDays, .status, .annualValue, .aov, .ltvLoss, .tier, .manager]
        case .winBack:
            [.rank, .client, .tier, .abc, .xyz, .status, .ltvLoss, .annualValue, .recencyDays, .cycleDays,
             .lastPurchase, .manager]
        case .services:
            [.client, .service, .purchases, .firstPurchase, .lastPurchase, .cycleDays, .recencyDays, .status,
             .annualValue, .ltvLoss, .tier, .abc, .xyz, .master]
        case .serviceWinBack:
            [.rank, .client, .service, .tier, .abc, .xyz, .status, .ltvLoss, .annualValue, .recencyDays,
             .cycleDays, .lastPurchase, .master]
        }
    }

    /// The model's columns of SPEC §14, appended after ``columns`` with `--model`.
    var modelColumns: [ListingColumn] {
        switch self {
        case .clients:
            [.pAlive, .expectedPurchases, .expectedSpend, .clv]
        case .winBack:
            [.pAlive, .clv]
        case .services, .serviceWinBack: []  // the model judges clients, not pairs
        }
    }
}

extension Analysis {
    /// Writes a listing in a format: `csv` and `json` exactly as SPEC §11
    /// defines them, `table` for reading in a terminal. With ``model``, the
    /// model's columns of SPEC §14 follow.
    ///
    /// In CSV, a client or manager id that a spreadsheet would run as a formula
    /// (it starts with `=`, `+`, `-`, `@`, tab or CR) is written with a leading
    /// `'` unless `guardingFormulas` is `false`; money columns are never altered.
    /// `dialect` chooses between SPEC §11's CSV and the one Excel opens in
    /// `;` locales. `xlsx` writes a one-sheet workbook (binary: give a file).
    ///
    /// ```swift
    /// var buffer = ByteArraySink()
    /// try analysis.write(.winBack, as: .csv, to: &buffer)
    /// print(buffer.text.prefix(50))   // rank,client,tier,abc,xyz,status,ltv_loss,…
    /// ```
    ///
    /// The per-service listings judge each pair by SPEC §13 whatever judged
    /// the clients (with ``CycleBasis/client`` the pairs are worked out here,
    /// their cells being the clients' as classified).
    ///
    /// `content` appends columns and, for a win-back list, picks the rows
    /// (``ListingContent``); the default is SPEC §11 exactly.
    /// - Throws: ``OptionsError`` for a selection naming a manager the data
    ///   does not have; what the sink throws.
    public func write(_ listing: Listing, as format: OutputFormat, to sink: inout some ByteSink,
                      guardingFormulas: Bool = true, dialect: CSVDialect = .standard,
                      content: ListingContent = .spec) throws {
        if format == .xlsx { return try writeWorkbook([listing], to: &sink, content: content) }
        var marks = Trace.Marks()
        let forecasts = forecasts(listing)
        let columns = listing.columns(content, format: format, kept: keptColumns, model: !forecasts.isEmpty)
        let records = try rows(listing, content, columns: columns, forecasts: forecasts)
        marks.mark("write: rows")
        let writer = ListingWriter(names: names, scale: scale, columns: columns,
                                   guardFormulas: guardingFormulas, dialect: dialect)
        var output = BufferedWriter(sink)
        // Rows are spelled in parallel, a chunk per task, and written in order.
        let chunkCount = (records.count + Self.spellingChunk - 1) / Self.spellingChunk
        let chunks = Parallel.ranges(records.count, parts: chunkCount)
        func writeChunks(_ spell: @Sendable (Range<Int>) -> [UInt8]) throws {
            var next = 0
            while next < chunks.count {
                let batch = next..<min(next + threads * 16, chunks.count)
                let texts = Parallel.map(batch.count, threads: threads) { spell(chunks[batch.lowerBound + $0]) }
                for text in texts {
                    try output.flush()
                    try text.withUnsafeBytes { try output.sink.write($0) }
                }
                next = batch.upperBound
            }
        }
        switch format {
        case .csv:
            if dialect.byteOrderMark { output.buffer += CSVDialect.byteOrderMarkBytes }
            output.append(writer.csvHeader)
            try writeChunks { writer.csvRows(records, $0) }
        case .json:
            output.append("[")
            try writeChunks { writer.jsonRows(records, $0) }
            output.append(records.count == 0 ? "]\n" : "\n]\n")
        case .table:
            output.append(TableText.caption(listing, analysis: self) + TableText.selectionNote(records) + "\n")
            if listing == .clients { output.append(ListingWriter.classesLine(records.records, options) + "\n") }
            guard records.count > 0 else { break }
            let widths = Parallel.map(chunks.count, threads: threads) { writer.tableWidths(records, chunks[$0]) }
                .reduce(writer.headingWidths) { zip($0, $1).map { max($0, $1) } }
            output.buffer += writer.tableHeader(widths: widths)
            try writeChunks { writer.tableRows(records, $0, widths: widths) }
        case .xlsx: preconditionFailure("written above")
        }
        try output.flush()
        sink = output.sink
        marks.mark("write: spell and write")
    }

    /// Rows a task spells at a time: about 1 MB of CSV.
    private static let spellingChunk = 8_192

    /// A listing as text, for small data sets and tests.
    public func text(_ listing: Listing, as format: OutputFormat) -> String {
        try! text(listing, as: format, content: .spec)  // a ByteArraySink never throws, nor does the whole list
    }

    /// A listing as text, with appended columns or a selection of rows.
    /// - Throws: ``OptionsError`` for a selection naming a manager the data does not have.
    public func text(_ listing: Listing, as format: OutputFormat, content: ListingContent) throws -> String {
        var buffer = ByteArraySink()
        try write(listing, as: format, to: &buffer, content: content)
        return buffer.text
    }
}
