/// A small table held as typed cells, for sheets that are not listings (the
/// report's summary, matrix, managers and services).
struct TableSheetRows: WorksheetRows {
    /// One cell; its kind must fit its column's (a `money` cell in a
    /// ``CellKind/money(scale:)`` column, and so on).
    enum Cell: Sendable {
        case text(String)
        case integer(Int)
        /// Minor units.
        case money(Int64)
        /// In a ``CellKind/fixed(digits:)`` column.
        case fixed(Double)
        /// In a ``CellKind/number`` column.
        case number(Double)
        case date(Day)
        case empty
    }

    let columns: [SheetColumn]
    var cells: [[Cell]] = []

    init(_ columns: [SheetColumn]) {
        self.columns = columns
    }

    var count: Int { cells.count }

    mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells for \(columns.count) columns")
        cells.append(row)
    }

    func spell(_ range: Range<Int>, into writer: inout SheetRowWriter) {
        for row in cells[range] {
            writer.beginRow()
            for cell in row {
                switch cell {
                case .text(let text): writer.text(ArraySlice(text.utf8))
                case .integer(let value): writer.integer(Int64(value))
                case .money(let minorUnits): writer.money(minorUnits)
                case .fixed(let value): writer.fixed(value)
                case .number(let value): writer.number(value)
                case .date(let day): writer.date(Int32(day.daysSince1970))
                case .empty: writer.empty()
                }
            }
            writer.endRow()
        }
    }
}
