/// The rows of one worksheet, spelled on demand.
///
/// The writer asks for every row twice when the sheet is large (see
/// ``Workbook``): spelling must depend on nothing but the row.
protocol WorksheetRows: Sendable {
    var columns: [SheetColumn] { get }
    var count: Int { get }
    /// Spells rows `range` (0-based, data rows only): for each, `beginRow()`,
    /// one cell per column, `endRow()`.
    func spell(_ range: Range<Int>, into writer: inout SheetRowWriter)
}

/// An Office Open XML workbook (.xlsx) written without any dependency: one
/// sheet per table, stored in a ZIP without compression.
///
/// Each sheet has a bold header row that stays in view (frozen pane), an
/// autofilter over the used range, and columns as wide as their content.
/// Numbers are numbers and dates are dates (see ``CellKind``). A table longer
/// than a sheet's 1,048,576 rows continues on sheets named `name (2)`, …,
/// each with the header.
///
/// A stored ZIP entry needs its size and CRC before its bytes, and a sheet
/// needs its column widths before its rows. So the rows are spelled twice:
/// once, in parallel pieces, to measure widths, length and CRC (joined with
/// ``CRC32/combine(_:_:secondLength:)``), and again to write them. The first
/// pass keeps its bytes up to `keptBytes` (64 MiB), so a sheet of that size
/// is spelled once.
///
/// ```swift
/// var workbook = Workbook()
/// workbook.add("clients", rows)
/// let sink = try workbook.write(to: ByteArraySink(), threads: 2)
/// ```
/// - Complexity: O(cells), memory O(keptBytes + threads · piece).
struct Workbook {
    struct Sheet {
        var name: String
        var rows: any WorksheetRows
        var range: Range<Int>
    }

    private(set) var sheets: [Sheet] = []

    /// Rows of one sheet after its header.
    static let dataRowsPerSheet = 1_048_575
    /// Rows spelled by one task.
    static let pieceRows = 8_192

    /// Adds a table as a sheet (or several, when it is longer than a sheet).
    /// - Parameter rowsPerSheet: for tests; Excel's limit otherwise.
    mutating func add(_ name: String, _ rows: some WorksheetRows, rowsPerSheet: Int = Workbook.dataRowsPerSheet) {
        precondition(rowsPerSheet > 0)
        var start = 0
        repeat {
            let end = min(start + rowsPerSheet, rows.count)
            sheets.append(Sheet(name: name, rows: rows, range: start..<end))
            start = end
        } while start < rows.count
    }

    /// Writes the workbook to `sink` and returns it.
    /// - Parameters:
    ///   - keptBytes: how many bytes of spelled rows the first pass may keep.
    ///   - zip64Offset: for tests; offsets from 4 GiB on use ZIP64 otherwise.
    func write<Sink: ByteSink>(to sink: Sink, threads: Int, keptBytes: Int = 64 << 20,
                               zip64Offset: UInt64 = 0xFFFF_FFFF) throws -> Sink {
        precondition(!sheets.isEmpty, "a workbook has at least one sheet")
        let names = SheetName.unique(sheets.map(\.name))
        let styles = WorkbookStyles(kinds: sheets.flatMap { $0.rows.columns.map(\.kind) })
        var zip = ZipArchiveWriter(sink, zip64Offset: zip64Offset)
        try zip.add("[Content_Types].xml", contents: Array(WorkbookParts.contentTypes(sheets: sheets.count).utf8))
        try zip.add("_rels/.rels", contents: Array(WorkbookParts.packageRelationships.utf8))
        let summary = sheets.enumerated().map { index, sheet in
            (name: names[index], columns: sheet.rows.columns.count, rows: sheet.range.count + 1)
        }
        try zip.add("xl/workbook.xml", contents: Array(WorkbookParts.workbook(sheets: summary).utf8))
        try zip.add("xl/_rels/workbook.xml.rels",
                    contents: Array(WorkbookParts.workbookRelationships(sheets: sheets.count).utf8))
        try zip.add("xl/styles.xml", contents: Array(styles.xml.utf8))
        for (index, sheet) in sheets.enumerated() {
            try write(sheet, path: WorkbookParts.sheetPath(index), selected: index == 0, styles: styles,
                      threads: threads, keptBytes: keptBytes, to: &zip)
        }
        return try zip.finish()
    }

    /// A piece of rows after the first pass.
    private struct Piece: Sendable {
        var bytes: [UInt8]?
        var length: Int
        var crc: UInt32
        var characters: [Int]
    }

    private func write<Sink>(_ sheet: Sheet, path: String, selected: Bool, styles: WorkbookStyles, threads: Int,
                             keptBytes: Int, to zip: inout ZipArchiveWriter<Sink>) throws {
        let rows = sheet.rows, columns = rows.columns
        let pieces = stride(from: sheet.range.lowerBound, to: sheet.range.upperBound, by: Workbook.pieceRows).map {
            $0..<min($0 + Workbook.pieceRows, sheet.range.upperBound)
        }
        // Data row `r` of the source is sheet row `r - first + 2` (row 1 is the header).
        let firstRow = sheet.range.lowerBound
        @Sendable func spell(_ piece: Int) -> SheetRowWriter {
            let range = pieces[piece]
            var writer = SheetRowWriter(columns: columns, styles: styles, firstRow: range.lowerBound - firstRow + 2,
                                        capacity: range.count * columns.count * 24)
            rows.spell(range, into: &writer)
            return writer
        }

        // Pass 1: widths, lengths and CRCs, in batches of pieces.
        var measured: [Piece] = []
        var kept = 0
        let batchSize = max(threads, 1) * 8
        var next = 0
        while next < pieces.count {
            let batch = next..<min(next + batchSize, pieces.count)
            let results = Parallel.map(batch.count, threads: threads) { offset in
                let writer = spell(batch.lowerBound + offset)
                return Piece(bytes: writer.bytes, length: writer.bytes.count, crc: CRC32.checksum(writer.bytes),
                             characters: writer.characters)
            }
            for var piece in results {
                if kept + piece.length <= keptBytes { kept += piece.length } else { piece.bytes = nil }
                measured.append(piece)
            }
            next = batch.upperBound
        }

        var header = SheetRowWriter(columns: columns, styles: styles, firstRow: 1)
        header.headerRow(columns)
        var characters = header.characters
        for piece in measured {
            for column in characters.indices { characters[column] = max(characters[column], piece.characters[column]) }
        }
        let totalRows = sheet.range.count + 1
        let opening = WorksheetXML.opening(columns: columns.count, rows: totalRows,
                                           widths: characters.map(ColumnWidth.width(characters:)),
                                           selected: selected) + header.bytes
        let closing = WorksheetXML.closing(columns: columns.count, rows: totalRows)
        var crc = CRC32.checksum(opening)
        var size = opening.count
        for piece in measured {
            crc = CRC32.combine(crc, piece.crc, secondLength: piece.length)
            size += piece.length
        }
        crc = CRC32.combine(crc, CRC32.checksum(closing), secondLength: closing.count)
        size += closing.count

        // Pass 2: the bytes, kept or spelled again.
        try zip.beginEntry(path, size: UInt64(size), crc: crc)
        try zip.append(opening)
        next = 0
        while next < measured.count {
            if let bytes = measured[next].bytes {
                try zip.append(bytes)
                next += 1
                continue
            }
            var end = next
            while end < measured.count, end - next < batchSize, measured[end].bytes == nil { end += 1 }
            let batch = next..<end
            let texts = Parallel.map(batch.count, threads: threads) { spell(batch.lowerBound + $0).bytes }
            for (offset, bytes) in texts.enumerated() {
                assert(bytes.count == measured[batch.lowerBound + offset].length, "a row spelled differently twice")
                try zip.append(bytes)
            }
            next = end
        }
        try zip.append(closing)
        try zip.endEntry()
    }
}
