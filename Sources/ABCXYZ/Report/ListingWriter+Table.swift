/// The aligned table, for reading in a terminal: a caption, the headings,
/// then a line per row, each column as wide as its widest cell (numbers
/// right-aligned, text left-aligned, the last text column unpadded).
///
/// Spelled like the CSV, in chunks of rows on the analysis' threads and
/// straight into bytes, in two passes: the first finds each column's width,
/// the second spells the lines padded to it. (Through a `String` per cell,
/// a 10 M-row table took 3.4× the time of its CSV and `services` at 100 M
/// spent 29 s on one thread; BENCHMARKS.md, stop 30.)
extension ListingWriter {
    /// The terminal columns of each heading: where the widths start.
    var headingWidths: [Int] {
        columns.map { TableText.displayWidth($0.heading) }
    }

    /// The widest cell of each column among `rows[range]`, in terminal columns.
    func tableWidths(_ rows: ListingRows, _ range: Range<Int>) -> [Int] {
        var widths = [Int](repeating: 0, count: columns.count)
        var cell = SpelledBytes(capacity: 256)
        for position in range {
            if spellsClients { prefetchClientNames(rows.records, ahead: position, in: range) }
            for index in columns.indices {
                cell.truncate(to: 0)
                widths[index] = max(widths[index], appendCell(columns[index].field, rows, position, to: &cell))
            }
        }
        return widths
    }

    /// The headings' line, padded to `widths`.
    func tableHeader(widths: [Int]) -> [UInt8] {
        var bytes = SpelledBytes(capacity: 512)
        for index in columns.indices {
            if index > 0 { bytes.append(contentsOf: Self.columnGap) }
            let start = bytes.count
            bytes.append(contentsOf: columns[index].heading.utf8)
            pad(from: start, width: TableText.displayWidth(columns[index].heading), column: index,
                widths: widths, in: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes.array()
    }

    /// The lines of `rows[range]`, each cell padded to its column's width.
    func tableRows(_ rows: ListingRows, _ range: Range<Int>, widths: [Int]) -> [UInt8] {
        let lineWidth = widths.reduce(columns.count * Self.columnGap.count + 1, +)
        var bytes = SpelledBytes(capacity: range.count * lineWidth)
        for position in range {
            if spellsClients { prefetchClientNames(rows.records, ahead: position, in: range) }
            for index in columns.indices {
                if index > 0 { bytes.append(contentsOf: Self.columnGap) }
                let start = bytes.count
                let width = appendCell(columns[index].field, rows, position, to: &bytes)
                pad(from: start, width: width, column: index, widths: widths, in: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes.array()
    }

    private static let columnGap: [UInt8] = Array("  ".utf8)

    /// Pads the cell spelled from `start` on, `width` columns wide: spaces
    /// before a number, after text, none after the last column's text.
    @inline(__always)
    private func pad(from start: Int, width: Int, column index: Int, widths: [Int], in bytes: inout SpelledBytes) {
        let padding = widths[index] - width
        guard padding > 0 else { return }
        if columns[index].numeric {
            bytes.insert(repeating: UInt8(ascii: " "), count: padding, at: start)
        } else if index < columns.count - 1 {
            bytes.append(repeating: UInt8(ascii: " "), count: padding)
        }
    }

    /// Appends a cell for people (grouped money, percentages, `-` for
    /// nothing; ids with control characters shown as `?`) and returns the
    /// terminal columns it takes.
    private func appendCell(_ field: ListingField, _ rows: ListingRows, _ position: Int,
                            to bytes: inout SpelledBytes) -> Int {
        if isUndefined(field, rows, position) {
            bytes.append(UInt8(ascii: "-"))
            return 1
        }
        let record = rows.records[position]
        let start = bytes.count
        switch field {
        case .why:
            let text = rows.why[position]
            bytes.append(contentsOf: text.utf8)
            return TableText.displayWidth(text)
        case .kept(let slot):
            return TableText.appendPrintable(rows.kept!.bytes(slot, client: Int(record.client)), to: &bytes)
        case .client:
            return TableText.appendPrintable(names.clients[Int(record.client)], to: &bytes)
        case .service:
            guard record.service != 0 else {
                bytes.append(contentsOf: Self.noService)
                return Self.noService.count
            }
            return TableText.appendPrintable(names.categories[Int(record.service - 1)], to: &bytes)
        case .manager:
            return TableText.appendPrintable(names.managers[Int(record.manager - 1)], to: &bytes)
        case .revenue: appendMoney(record.revenue, to: &bytes)
        case .annualValue: appendMoney(record.annualValue, to: &bytes)
        case .averageOrderValue: appendMoney(record.averageOrderValue, to: &bytes)
        case .ltvLoss: appendMoney(record.ltvLoss, to: &bytes)
        case .share:
            DecimalText.appendFixed(record.share * 100, digits: 1, to: &bytes)
            bytes.append(UInt8(ascii: "%"))
        case .cv: DecimalText.appendFixed(record.cv, digits: 3, to: &bytes)
        case .probabilityAlive:
            DecimalText.appendFixed(rows.forecasts[position].probabilityAlive, digits: 3, to: &bytes)
        case .expectedPurchases:
            DecimalText.appendFixed(rows.forecasts[position].expectedPurchases, digits: 2, to: &bytes)
        case .expectedSpend: appendMoney(rows.forecasts[position].expectedSpend!.minorUnits, to: &bytes)
        case .clv: appendMoney(rows.forecasts[position].clv!.minorUnits, to: &bytes)
        default: appendPlain(field, rows, position, to: &bytes)
        }
        return bytes.count - start  // figures, days and words are ASCII: a column a byte
    }

    private static let noService: [UInt8] = Array("(none)".utf8)

    /// `12 345.60`, as ``Spelling/money(minorUnits:scale:)`` spells it.
    @inline(__always)
    private func appendMoney(_ minorUnits: Int64, to bytes: inout SpelledBytes) {
        MoneyFormat.appendDecimal(minorUnits, scale: scale, groupSeparator: UInt8(ascii: " "), to: &bytes)
    }

    /// What the classes were measured by, and the Z clients counted apart
    /// (SPEC §4): erratic ones and those with too short a history for a `cv`.
    static func classesLine(_ records: [ClientRecord], _ options: AnalysisOptions) -> String {
        var counts = [0, 0, 0], withoutCV = 0
        for record in records {
            counts[record.xyz.index] += 1
            if record.cv.isNaN { withoutCV += 1 }
        }
        let abc = options.abcMeasure == .annualValue ? "annual value" : "revenue in the window"
        let xyz = switch options.xyzMeasure {
        case .rate: "money per day between purchases"
        case .revenue: "revenue per \(options.periodLength.rawValue)"
        case .purchaseDays: "purchase days per \(options.periodLength.rawValue)"
        }
        return "ABC by \(abc), XYZ by \(xyz): \(counts[0]) X, \(counts[1]) Y, \(counts[2]) Z "
            + "(\(counts[2] - withoutCV) erratic, \(withoutCV) with too short a history for a cv)"
    }
}
