/// Spells worksheet rows as SpreadsheetML, cell by cell, straight into bytes:
/// no `String` per cell.
///
/// A row is ``beginRow()``, one call per column in order (the one that fits
/// the column's ``CellKind``, or ``empty()`` for an undefined value), then
/// ``endRow()``. Cells carry no `r` reference (they follow one another, which
/// SpreadsheetML allows), so an empty cell is written as `<c/>` to keep the
/// cells after it in place. The writer also records the widest cell of each
/// column, in characters, for ``ColumnWidth``.
///
/// ```swift
/// var row = SheetRowWriter(columns: [SheetColumn("revenue", .money(scale: 2))], styles: styles, firstRow: 2)
/// row.beginRow(); row.money(1_225_000); row.endRow()
/// // <row r="2"><c s="2"><v>12250.00</v></c></row>
/// ```
struct SheetRowWriter {
    /// The XML written so far.
    var bytes: [UInt8] = []
    /// The widest cell of each column so far, in characters.
    private(set) var characters: [Int]
    /// The style index of each column's numbers (0: none).
    private let styles: [Int]
    private let decimals: [Int]
    private let columnCount: Int
    private var column = 0
    private var rowNumber: Int

    // Constant markup as static strings: appending one costs no reference counting.
    private static let textOpen: StaticString = #"<c t="inlineStr"><is><t>"#
    private static let textOpenPreserved: StaticString = #"<c t="inlineStr"><is><t xml:space="preserve">"#
    private static let textClose: StaticString = "</t></is></c>"
    private static let numberOpen: StaticString = "<c><v>"
    private static let styledNumberOpen: StaticString = #"<c s=""#
    private static let styledNumberOpenEnd: StaticString = #""><v>"#
    private static let numberClose: StaticString = "</v></c>"
    private static let emptyCell: StaticString = "<c/>"
    private static let rowOpen: StaticString = #"<row r=""#
    private static let rowOpenEnd: StaticString = #"">"#
    private static let rowClose: StaticString = "</row>"

    /// - Parameter firstRow: the number of the first row this writer spells (1 is the header).
    init(columns: [SheetColumn], styles: WorkbookStyles, firstRow: Int, capacity: Int = 0) {
        columnCount = columns.count
        decimals = columns.map { $0.kind.decimals ?? 0 }
        self.styles = columns.map { styles.index(of: $0.kind) }
        characters = [Int](repeating: 0, count: columns.count)
        rowNumber = firstRow
        bytes.reserveCapacity(capacity)
    }

    mutating func beginRow() {
        assert(column == 0, "a row is already open")
        append(SheetRowWriter.rowOpen)
        DecimalText.appendInteger(Int64(rowNumber), to: &bytes)
        append(SheetRowWriter.rowOpenEnd)
    }

    mutating func endRow() {
        assert(column == columnCount, "row \(rowNumber) has \(column) cells, not \(columnCount)")
        append(SheetRowWriter.rowClose)
        column = 0
        rowNumber += 1
    }

    /// The header row: the headings in bold.
    mutating func headerRow(_ columns: [SheetColumn]) {
        beginRow()
        for heading in columns.map(\.heading) {
            let text = Array(heading.utf8)[...]
            bytes.append(contentsOf: #"<c s="\#(WorkbookStyles.header)" t="inlineStr"><is><t>"#.utf8)
            SpreadsheetText.appendEscaped(text, to: &bytes)
            append(SheetRowWriter.textClose)
            record(ColumnWidth.characters(text))
        }
        endRow()
    }

    /// A text cell from UTF-8 bytes.
    @inline(__always)
    mutating func text(_ text: ArraySlice<UInt8>) {
        text.withUnsafeBufferPointer { self.text($0) }
    }

    @inline(__always)
    mutating func text(_ text: UnsafeBufferPointer<UInt8>) {
        append(SpreadsheetText.needsPreservedSpace(text) ? SheetRowWriter.textOpenPreserved : SheetRowWriter.textOpen)
        SpreadsheetText.appendEscaped(text, to: &bytes)
        append(SheetRowWriter.textClose)
        record(ColumnWidth.characters(text))
    }

    /// A text cell from a word known to need no escaping (`A`, `lost`): ASCII
    /// letters and `-`, no spaces at the ends.
    @inline(__always)
    mutating func word(_ word: StaticString) {
        append(SheetRowWriter.textOpen)
        append(word)
        append(SheetRowWriter.textClose)
        record(word.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func integer(_ value: Int64) {
        let start = openNumber()
        DecimalText.appendInteger(value, to: &bytes)
        closeNumber(from: start)
    }

    /// Money in minor units, with the column's scale: exact decimal text.
    @inline(__always)
    mutating func money(_ minorUnits: Int64) {
        let start = openNumber()
        MoneyFormat.appendPlain(minorUnits, scale: decimals[column], to: &bytes)
        closeNumber(from: start)
    }

    /// A ratio with the column's number of decimals, rounded as `printf("%.*f")`.
    @inline(__always)
    mutating func fixed(_ value: Double) {
        let start = openNumber()
        DecimalText.appendFixed(value, digits: decimals[column], to: &bytes)
        closeNumber(from: start)
    }

    /// A number without trailing zeros (`31`, `30.5`).
    @inline(__always)
    mutating func number(_ value: Double) {
        let start = openNumber()
        DecimalText.appendShortest(value, to: &bytes)
        closeNumber(from: start)
    }

    /// A day as its serial number; before 1900-03-01, which spreadsheets
    /// cannot show, as `YYYY-MM-DD` text.
    @inline(__always)
    mutating func date(_ daysSince1970: Int32) {
        guard let serial = SpreadsheetDate.serial(daysSince1970) else {
            text(Day(daysSince1970: Int(daysSince1970)).isoBytes[...])
            return
        }
        _ = openNumber()
        DecimalText.appendInteger(Int64(serial), to: &bytes)
        append(SheetRowWriter.numberClose)
        record(10)  // shown as yyyy-mm-dd, whatever the serial's digits
    }

    /// No value.
    @inline(__always)
    mutating func empty() {
        append(SheetRowWriter.emptyCell)
        column += 1
    }

    @inline(__always)
    private mutating func openNumber() -> Int {
        let style = styles[column]
        if style == 0 {
            append(SheetRowWriter.numberOpen)
        } else {
            append(SheetRowWriter.styledNumberOpen)
            DecimalText.appendInteger(Int64(style), to: &bytes)
            append(SheetRowWriter.styledNumberOpenEnd)
        }
        return bytes.count
    }

    @inline(__always)
    private mutating func closeNumber(from start: Int) {
        let written = bytes.count - start
        append(SheetRowWriter.numberClose)
        record(written)
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Notes the width of the cell just written and moves to the next column.
    @inline(__always)
    private mutating func record(_ width: Int) {
        assert(column < columnCount, "more cells than columns in row \(rowNumber)")
        if width > characters[column] { characters[column] = width }
        column += 1
    }
}
