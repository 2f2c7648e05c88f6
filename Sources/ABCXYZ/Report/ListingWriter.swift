/// Spells listing rows as CSV, JSON or an aligned table (`ListingWriter+Table.swift`),
/// byte by byte.
struct ListingWriter {
    let names: Analysis.Names
    let scale: Int
    let columns: [ListingColumn]
    /// Text cells a spreadsheet would run as formulas get a leading `'`.
    let guardFormulas: Bool
    /// Delimiter and decimal separator of the CSV.
    let dialect: CSVDialect
    /// Whether a row spells its client's id (whose bytes are then prefetched).
    let spellsClients: Bool

    init(names: Analysis.Names, scale: Int, columns: [ListingColumn], guardFormulas: Bool = true,
         dialect: CSVDialect = .standard) {
        self.names = names
        self.scale = scale
        self.columns = columns
        self.guardFormulas = guardFormulas
        self.dialect = dialect
        spellsClients = columns.contains { $0.field == .client }
    }

    // MARK: CSV

    /// The header line.
    /// The header line (a kept column's name from the input is quoted and
    /// guarded like any text field).
    var csvHeader: String {
        var bytes: [UInt8] = []
        for (index, column) in columns.enumerated() {
            if index > 0 { bytes.append(dialect.delimiter) }
            CSVText.appendField(ArraySlice(column.key.utf8), guardingFormulas: guardFormulas,
                                delimiter: dialect.delimiter, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self) + "\n"
    }

    /// The CSV lines of `rows[range]` (rank counts from the whole list).
    func csvRows(_ rows: ListingRows, _ range: Range<Int>) -> [UInt8] {
        var bytes = SpelledBytes(capacity: range.count * 128)
        let records = rows.records
        for position in range {
            if spellsClients { prefetchClientNames(records, ahead: position, in: range) }
            let record = records[position]
            for index in columns.indices {
                if index > 0 { bytes.append(dialect.delimiter) }
                switch columns[index].field {
                case .client:
                    CSVText.appendField(names.clients[Int(record.client)], guardingFormulas: guardFormulas,
                                        delimiter: dialect.delimiter, to: &bytes)
                case .service:
                    CSVText.appendField(names.service(record.service), guardingFormulas: guardFormulas,
                                        delimiter: dialect.delimiter, to: &bytes)
                case .manager:
                    if record.manager != 0 {
                        CSVText.appendField(names.managers[Int(record.manager - 1)], guardingFormulas: guardFormulas,
                                            delimiter: dialect.delimiter, to: &bytes)
                    }
                case .why:
                    CSVText.appendField(ArraySlice(rows.why[position].utf8), delimiter: dialect.delimiter, to: &bytes)
                case .kept(let slot):
                    CSVText.appendField(rows.kept!.bytes(slot, client: Int(record.client)),
                                        guardingFormulas: guardFormulas, delimiter: dialect.delimiter, to: &bytes)
                case let field:
                    let start = bytes.count
                    appendPlain(field, rows, position, to: &bytes)
                    if dialect.decimalComma, field.kind == .money || field.kind == .ratio || field.kind == .days {
                        bytes.replace(UInt8(ascii: "."), with: UInt8(ascii: ","), from: start)
                    }
                }
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes.array()
    }

    /// Rows come in rank order, so their clients' ids are read at random, two
    /// cache misses a row (the offsets, then the bytes): nearly two thirds of
    /// the spelling's time at 10 M rows. The offsets are asked for 16 rows
    /// ahead and the bytes 8 rows ahead, so both are in the cache when read.
    @inline(__always)
    func prefetchClientNames(_ records: [ClientRecord], ahead position: Int, in range: Range<Int>) {
        if position + 16 < range.upperBound { names.clients.prefetchOffsets(Int(records[position + 16].client)) }
        if position + 8 < range.upperBound { names.clients.prefetchBytes(Int(records[position + 8].client)) }
    }

    /// The spelling shared by CSV and JSON for numbers, dates and words;
    /// nothing for an undefined value.
    @inline(__always)
    func appendPlain<Bytes: ByteAppending & ~Copyable>(_ field: ListingField, _ rows: ListingRows, _ position: Int, to bytes: inout Bytes) {
        let record = rows.records[position]
        switch field {
        case .rank: DecimalText.appendInteger(Int64(rows.rank(position)), to: &bytes)
        case .revenue: MoneyFormat.appendPlain(record.revenue, scale: scale, to: &bytes)
        case .share: DecimalText.appendFixed(record.share, digits: 6, to: &bytes)
        case .abc: bytes.append(UInt8(ascii: "A") + UInt8(record.abc.index))
        case .cv: if !record.cv.isNaN { DecimalText.appendFixed(record.cv, digits: 6, to: &bytes) }
        case .xyz: bytes.append(UInt8(ascii: "X") + UInt8(record.xyz.index))
        case .purchases: DecimalText.appendInteger(Int64(record.purchases), to: &bytes)
        case .firstPurchase: appendDay(record.firstPurchase, to: &bytes)
        case .lastPurchase: appendDay(record.lastPurchase, to: &bytes)
        case .cycle: DecimalText.appendShortest(record.cycle, to: &bytes)
        case .recency: DecimalText.appendInteger(Int64(record.recency), to: &bytes)
        case .status: bytes.append(contentsOf: record.status.bytes)
        case .annualValue: MoneyFormat.appendPlain(record.annualValue, scale: scale, to: &bytes)
        case .averageOrderValue: MoneyFormat.appendPlain(record.averageOrderValue, scale: scale, to: &bytes)
        case .ltvLoss: MoneyFormat.appendPlain(record.ltvLoss, scale: scale, to: &bytes)
        case .tier: if record.tier != 0 { bytes.append(UInt8(ascii: "0") + record.tier) }
        case .probabilityAlive:
            let value = rows.forecasts[position].probabilityAlive
            if value.isFinite { DecimalText.appendFixed(value, digits: 6, to: &bytes) }
        case .expectedPurchases:
            let value = rows.forecasts[position].expectedPurchases
            if value.isFinite { DecimalText.appendFixed(value, digits: 6, to: &bytes) }
        case .expectedSpend:
            if let money = rows.forecasts[position].expectedSpend {
                MoneyFormat.appendPlain(money.minorUnits, scale: scale, to: &bytes)
            }
        case .clv:
            if let money = rows.forecasts[position].clv {
                MoneyFormat.appendPlain(money.minorUnits, scale: scale, to: &bytes)
            }
        case .nextExpected: appendDay(rows.nextExpected[position], to: &bytes)
        case .lostSince: if rows.lostSince[position] != .min { appendDay(rows.lostSince[position], to: &bytes) }
        case .client, .service, .manager, .why, .kept: break
        }
    }

    @inline(__always)
    private func appendDay<Bytes: ByteAppending & ~Copyable>(_ day: Int32, to bytes: inout Bytes) {
        Day(daysSince1970: Int(day)).appendISO(to: &bytes)
    }

    /// Whether a field has no value for this row (printed empty or `null`).
    func isUndefined(_ field: ListingField, _ rows: ListingRows, _ position: Int) -> Bool {
        let record = rows.records[position]
        return switch field {
        case .cv: record.cv.isNaN
        case .tier: record.tier == 0
        case .manager: record.manager == 0
        case .lostSince: rows.lostSince[position] == .min
        case .kept(let slot): rows.kept!.bytes(slot, client: Int(record.client)).isEmpty
        case .probabilityAlive: !rows.forecasts[position].probabilityAlive.isFinite
        case .expectedPurchases: !rows.forecasts[position].expectedPurchases.isFinite
        case .expectedSpend: rows.forecasts[position].expectedSpend == nil
        case .clv: rows.forecasts[position].clv == nil
        default: false
        }
    }

    /// The text of a text field.
    private func text(_ field: ListingField, _ rows: ListingRows, _ position: Int) -> ArraySlice<UInt8> {
        let record = rows.records[position]
        return switch field {
        case .client: names.clients[Int(record.client)]
        case .service: names.service(record.service)
        case .why: ArraySlice(rows.why[position].utf8)
        case .kept(let slot): rows.kept!.bytes(slot, client: Int(record.client))
        default: names.managers[Int(record.manager - 1)]
        }
    }

    // MARK: JSON

    /// The objects of `records[range]`, each on its line, separated by commas
    /// (the first of the whole list has no comma before it).
    func jsonRows(_ rows: ListingRows, _ range: Range<Int>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count * 320)
        let keys = columns.map { key in Array("\"".utf8) + JSONText.escaped(key.key) + Array("\":".utf8) }
        let records = rows.records
        for position in range {
            if spellsClients { prefetchClientNames(records, ahead: position, in: range) }
            bytes.append(contentsOf: position == 0 ? Array("\n  {".utf8) : Array(",\n  {".utf8))
            for index in columns.indices {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: keys[index])
                let field = columns[index].field
                if isUndefined(field, rows, position) {
                    bytes.append(contentsOf: "null".utf8)
                    continue
                }
                switch field.kind {
                case .text:
                    JSONText.appendString(text(field, rows, position), to: &bytes)
                case .day, .word:
                    bytes.append(UInt8(ascii: "\""))
                    appendPlain(field, rows, position, to: &bytes)
                    bytes.append(UInt8(ascii: "\""))
                case .money, .ratio, .integer, .optionalInteger, .days:
                    appendPlain(field, rows, position, to: &bytes)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return bytes
    }
}

extension ClientStatus {
    /// The SPEC §11 spelling as bytes.
    var bytes: [UInt8] {
        switch self {
        case .active: ClientStatus.activeBytes
        case .atRisk: ClientStatus.atRiskBytes
        case .lost: ClientStatus.lostBytes
        }
    }

    private static let activeBytes = Array("active".utf8)
    private static let atRiskBytes = Array("at-risk".utf8)
    private static let lostBytes = Array("lost".utf8)
}
