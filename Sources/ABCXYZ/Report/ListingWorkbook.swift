/// A listing's rows as a worksheet: the columns of SPEC §11 under their CSV
/// names, each typed (money with the data's scale, `share` and `cv` with 6
/// decimals, dates as dates, an undefined value as an empty cell).
///
/// Ids are stored as text cells, which a spreadsheet never runs as formulas,
/// so they are written exactly as they are (no `'` guard, unlike CSV).
struct ListingSheetRows: WorksheetRows {
    let rows: ListingRows
    let names: Analysis.Names
    let fields: [ListingField]
    let columns: [SheetColumn]

    init(rows: ListingRows, names: Analysis.Names, scale: Int, columns: [ListingColumn]) {
        self.rows = rows
        self.names = names
        fields = columns.map(\.field)
        self.columns = columns.map { SheetColumn($0.key, $0.field.cellKind(scale: scale)) }
    }

    var count: Int { rows.count }

    func spell(_ range: Range<Int>, into writer: inout SheetRowWriter) {
        // The ids through raw pointers: a slice per cell would count references.
        names.clients.bytes.withUnsafeBufferPointer { clientBytes in
            names.managers.bytes.withUnsafeBufferPointer { managerBytes in
                spell(range, clients: clientBytes, managers: managerBytes, into: &writer)
            }
        }
    }

    private func spell(_ range: Range<Int>, clients: UnsafeBufferPointer<UInt8>, managers: UnsafeBufferPointer<UInt8>,
                       into writer: inout SheetRowWriter) {
        let clientOffsets = names.clients.offsets, managerOffsets = names.managers.offsets
        func id(_ bytes: UnsafeBufferPointer<UInt8>, _ offsets: [Int], _ index: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[offsets[index]..<offsets[index + 1]])
        }
        let records = rows.records
        for position in range {
            let record = records[position]
            writer.beginRow()
            for field in fields {
                switch field {
                case .rank: writer.integer(Int64(rows.rank(position)))
                case .client: writer.text(id(clients, clientOffsets, Int(record.client)))
                case .service:
                    let service = names.service(record.service)
                    if service.isEmpty { writer.empty() } else { service.withUnsafeBufferPointer { writer.text($0) } }
                case .revenue: writer.money(record.revenue)
                case .share: writer.fixed(record.share)
                case .abc: writer.word(record.abc.index == 0 ? "A" : record.abc.index == 1 ? "B" : "C")
                case .cv: if record.cv.isNaN { writer.empty() } else { writer.fixed(record.cv) }
                case .xyz: writer.word(record.xyz.index == 0 ? "X" : record.xyz.index == 1 ? "Y" : "Z")
                case .purchases: writer.integer(Int64(record.purchases))
                case .firstPurchase: writer.date(record.firstPurchase)
                case .lastPurchase: writer.date(record.lastPurchase)
                case .cycle: writer.number(record.cycle)
                case .recency: writer.integer(Int64(record.recency))
                case .status:
                    switch record.status {
                    case .active: writer.word("active")
                    case .atRisk: writer.word("at-risk")
                    case .lost: writer.word("lost")
                    }
                case .annualValue: writer.money(record.annualValue)
                case .averageOrderValue: writer.money(record.averageOrderValue)
                case .ltvLoss: writer.money(record.ltvLoss)
                case .tier: if record.tier == 0 { writer.empty() } else { writer.integer(Int64(record.tier)) }
                case .probabilityAlive:
                    let value = rows.forecasts[position].probabilityAlive
                    if value.isFinite { writer.fixed(value) } else { writer.empty() }
                case .expectedPurchases:
                    let value = rows.forecasts[position].expectedPurchases
                    if value.isFinite { writer.fixed(value) } else { writer.empty() }
                case .expectedSpend:
                    let money = rows.forecasts[position].expectedSpend
                    if let money { writer.money(money.minorUnits) } else { writer.empty() }
                case .clv:
                    let money = rows.forecasts[position].clv
                    if let money { writer.money(money.minorUnits) } else { writer.empty() }
                case .manager:
                    if record.manager == 0 {
                        writer.empty()
                    } else {
                        writer.text(id(managers, managerOffsets, Int(record.manager - 1)))
                    }
                case .nextExpected: writer.date(rows.nextExpected[position])
                case .lostSince:
                    if rows.lostSince[position] == .min { writer.empty() } else { writer.date(rows.lostSince[position]) }
                case .why: writer.text(ArraySlice(rows.why[position].utf8))
                case .kept(let slot):
                    let value = rows.kept!.bytes(slot, client: Int(record.client))
                    if value.isEmpty { writer.empty() } else { writer.text(value) }
                }
            }
            writer.endRow()
        }
    }
}

extension ListingField {
    /// How a workbook stores the figure.
    func cellKind(scale: Int) -> CellKind {
        switch kind {
        case .text, .word: .text
        case .money: .money(scale: scale)
        case .ratio: .fixed(digits: 6)
        case .integer, .optionalInteger: .integer
        case .day: .date
        case .days: .number
        }
    }
}

extension Analysis {
    /// The records of a listing, in its order.
    func records(_ listing: Listing) -> [ClientRecord] {
        let pairs = listing.isPerService ? judgedPairs : nil
        return switch listing {
        case .clients: clients.records
        case .winBack: Self.gathered(winBackList.order, from: clients.records, threads: threads)
        case .services: pairs!.listingOrder.map { pairs!.records[$0] }
        case .serviceWinBack: pairs!.winBackOrder.map { pairs!.records[$0] }
        }
    }

    /// `records` in the order `order`, gathered in parallel: one read at a
    /// random place per client (120 000 of them at 10 M rows).
    private static func gathered(_ order: [Int], from records: [ClientRecord], threads: Int) -> [ClientRecord] {
        Parallel.array(order.count, threads: threads, parts: threads * 4) { positions, output in
            for position in positions { output.initialize(at: position, to: records[order[position]]) }
        }
    }

    /// The model's figures of a listing's records, in its order (empty
    /// without the model, and for the per-service listings).
    func forecasts(_ listing: Listing) -> [ClientForecast] {
        switch (listing, model) {
        case (_, nil), (.services, _), (.serviceWinBack, _): []
        case (.clients, let model?): model.clients
        case (.winBack, let model?): winBackList.order.map { model.clients[$0] }
        }
    }

    /// Writes listings as one Excel workbook (.xlsx), a sheet per listing
    /// named after it (`clients`, `winback`), in the order given.
    ///
    /// The cells hold what the CSV of SPEC §11 holds, typed: numbers as
    /// numbers, dates as dates (see docs/excel.md).
    ///
    /// ```swift
    /// var file = try FileSink(creatingFileAt: "clients.xlsx")
    /// try analysis.writeWorkbook([.clients, .winBack], to: &file)
    /// ```
    ///
    /// `content` appends columns and picks rows of the win-back lists, as for
    /// ``write(_:as:to:guardingFormulas:dialect:content:)``.
    public func writeWorkbook(_ listings: [Listing], to sink: inout some ByteSink,
                              content: ListingContent = .spec) throws {
        precondition(!listings.isEmpty, "a workbook has at least one sheet")
        var workbook = Workbook()
        for listing in listings {
            let forecasts = forecasts(listing)
            let columns = listing.columns(content, format: .xlsx, kept: keptColumns, model: !forecasts.isEmpty)
            workbook.add(listing.rawValue,
                         ListingSheetRows(rows: try rows(listing, content, columns: columns, forecasts: forecasts),
                                          names: names, scale: scale, columns: columns))
        }
        sink = try workbook.write(to: sink, threads: threads)
    }
}
