/// The two per-client outputs of SPEC §11.
public enum Listing: String, Hashable, Sendable, CaseIterable {
    /// Every client with a purchase day (`classify`).
    case clients
    /// The at-risk and lost clients in win-back order (`winback`).
    case winBack = "winback"
}

/// How a listing is printed.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned columns in human units, for a terminal.
    case table
    /// CSV with a header, SPEC §11 exactly.
    case csv
    /// A JSON array of objects with the keys of SPEC §11.
    case json
}

/// A column of a listing: its SPEC §11 name and how to get its value.
struct ListingColumn: Sendable {
    /// The name in CSV headers and JSON keys.
    let key: String
    /// The heading in the terminal table.
    let heading: String
    let value: @Sendable (ClientRecord, _ rank: Int) -> ListingValue
    /// Right-aligned in the table (numbers).
    let numeric: Bool

    init(_ key: String, _ heading: String, numeric: Bool = false,
         _ value: @escaping @Sendable (ClientRecord, Int) -> ListingValue) {
        self.key = key
        self.heading = heading
        self.numeric = numeric
        self.value = value
    }
}

/// A typed cell, spelled differently by each format.
enum ListingValue {
    case client(UInt32)
    case manager(UInt32)  // number + 1, 0 for none
    case money(Int64)
    case share(Double)  // 6 decimals; a percentage in the table
    case ratio(Double)  // 6 decimals; NaN is undefined
    case integer(Int64)
    case optionalInteger(Int64?)
    case day(Int32)
    case days(Double)  // shortest spelling
    case word(String)
}

extension Listing {
    /// The columns of SPEC §11, in order (more may follow; none may be renamed).
    var columns: [ListingColumn] {
        switch self {
        case .clients:
            [
                ListingColumn("client", "client") { record, _ in .client(record.client) },
                ListingColumn("revenue", "revenue", numeric: true) { record, _ in .money(record.revenue) },
                ListingColumn("share", "share", numeric: true) { record, _ in .share(record.share) },
                ListingColumn("abc", "abc") { record, _ in .word(record.abc.rawValue) },
                ListingColumn("cv", "cv", numeric: true) { record, _ in .ratio(record.cv) },
                ListingColumn("xyz", "xyz") { record, _ in .word(record.xyz.rawValue) },
                ListingColumn("purchases", "purchases", numeric: true) { record, _ in .integer(Int64(record.purchases)) },
                ListingColumn("first_purchase", "first") { record, _ in .day(record.firstPurchase) },
                ListingColumn("last_purchase", "last") { record, _ in .day(record.lastPurchase) },
                ListingColumn("cycle_days", "cycle", numeric: true) { record, _ in .days(record.cycle) },
                ListingColumn("recency_days", "recency", numeric: true) { record, _ in .integer(Int64(record.recency)) },
                ListingColumn("status", "status") { record, _ in .word(record.status.rawValue) },
                ListingColumn("annual_value", "annual value", numeric: true) { record, _ in .money(record.annualValue) },
                ListingColumn("aov", "aov", numeric: true) { record, _ in .money(record.averageOrderValue) },
                ListingColumn("ltv_loss", "ltv lost", numeric: true) { record, _ in .money(record.ltvLoss) },
                ListingColumn("tier", "tier", numeric: true) { record, _ in
                    .optionalInteger(record.tier == 0 ? nil : Int64(record.tier))
                },
                ListingColumn("manager", "manager") { record, _ in .manager(record.manager) },
            ]
        case .winBack:
            [
                ListingColumn("rank", "rank", numeric: true) { _, rank in .integer(Int64(rank)) },
                ListingColumn("client", "client") { record, _ in .client(record.client) },
                ListingColumn("tier", "tier", numeric: true) { record, _ in .integer(Int64(record.tier)) },
                ListingColumn("abc", "abc") { record, _ in .word(record.abc.rawValue) },
                ListingColumn("xyz", "xyz") { record, _ in .word(record.xyz.rawValue) },
                ListingColumn("status", "status") { record, _ in .word(record.status.rawValue) },
                ListingColumn("ltv_loss", "ltv lost", numeric: true) { record, _ in .money(record.ltvLoss) },
                ListingColumn("annual_value", "annual value", numeric: true) { record, _ in .money(record.annualValue) },
                ListingColumn("recency_days", "recency", numeric: true) { record, _ in .integer(Int64(record.recency)) },
                ListingColumn("cycle_days", "cycle", numeric: true) { record, _ in .days(record.cycle) },
                ListingColumn("last_purchase", "last") { record, _ in .day(record.lastPurchase) },
                ListingColumn("manager", "manager") { record, _ in .manager(record.manager) },
            ]
        }
    }
}

extension Analysis {
    /// Writes a listing in a format: `csv` and `json` exactly as SPEC §11
    /// defines them, `table` for reading in a terminal.
    ///
    /// ```swift
    /// var buffer = ByteBuffer()
    /// try analysis.write(.winBack, as: .csv, to: &buffer)
    /// print(buffer.text.prefix(50))   // rank,client,tier,abc,xyz,status,ltv_loss,…
    /// ```
    public func write(_ listing: Listing, as format: OutputFormat, to sink: inout some ByteSink) throws {
        let records: [ClientRecord] = switch listing {
        case .clients: clients.records
        case .winBack: winBackList.order.map { clients.records[$0] }
        }
        var writer = ListingWriter(names: names, scale: scale, columns: listing.columns)
        var output = BufferedWriter(sink)
        switch format {
        case .csv: try writer.writeCSV(records, to: &output)
        case .json: try writer.writeJSON(records, to: &output)
        case .table: try writer.writeTable(records, listing: listing, analysis: self, to: &output)
        }
        try output.flush()
        sink = output.sink
    }

    /// A listing as text, for small data sets and tests.
    public func text(_ listing: Listing, as format: OutputFormat) -> String {
        var buffer = ByteBuffer()
        try! write(listing, as: format, to: &buffer)  // a ByteBuffer never throws
        return buffer.text
    }
}
