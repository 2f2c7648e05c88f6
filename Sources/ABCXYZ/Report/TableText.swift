/// Helpers for text meant for a terminal.
enum TableText {
    /// Columns a string takes in a terminal: East Asian wide and fullwidth
    /// characters take two, combining marks none, everything else one.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + displayWidth(ofScalar: $1.value) }
    }

    /// Columns one scalar takes: 2 for East Asian wide, 0 for combining marks, else 1.
    @inline(__always)
    static func displayWidth(ofScalar value: UInt32) -> Int {
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0  // combining, zero width
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: 2
        default: 1
        }
    }

    /// `text` with control characters (C0, DEL and C1, which holds U+009B,
    /// the one-character CSI) shown as `?`, so an id cannot move the cursor
    /// or change the terminal's colours. Scalars, not `Character`s: a
    /// combining mark after ESC must not hide it.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0.value) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0.value) ? "?" : $0 }))
    }

    /// C0, DEL or C1: what ``printable(_:)`` shows as `?`.
    @inline(__always)
    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// Appends ``printable(_:)`` of the UTF-8 text `bytes` and returns its
    /// ``displayWidth(_:)``, scalar by scalar: what a table cell of an id
    /// needs, without a `String` per cell (which made a 10 M-row table 3.4×
    /// the time of its CSV, BENCHMARKS.md, stop 30). Bytes that are not
    /// UTF-8 get a U+FFFD for each maximal ill-formed part, as
    /// `String(decoding:as:)` mends them (the same decoder).
    static func appendPrintable(_ bytes: ArraySlice<UInt8>, to output: inout SpelledBytes) -> Int {
        var width = 0
        var units = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&units) {
            case .scalarValue(let scalar) where scalar.isASCII && !isControl(scalar.value):
                output.append(UInt8(truncatingIfNeeded: scalar.value))
                width += 1
            case .scalarValue(let scalar) where isControl(scalar.value):
                output.append(UInt8(ascii: "?"))
                width += 1
            case .scalarValue(let scalar):
                output.append(contentsOf: scalar.utf8)
                width += displayWidth(ofScalar: scalar.value)
            case .error:
                output.append(contentsOf: Unicode.Scalar(0xFFFD)!.utf8)
                width += 1
            case .emptyInput:
                return width
            }
        }
    }

    /// The line above a listing: what it covers.
    static func caption(_ listing: Listing, analysis: Analysis) -> String {
        let grid = analysis.grid
        let window = "window \(grid.windowStart.addingDays(1)) to \(grid.asOf) (\(grid.count) \(grid.length.rawValue)s)"
        switch listing {
        case .clients:
            let cycle = analysis.populationCycleDays.map { "population cycle \(Spelling.days($0)) days" }
                ?? "no own cycles, fallback \(Spelling.days(analysis.options.fallbackCycleDays)) days"
            return "\(analysis.clients.count) clients as of \(grid.asOf), \(window), \(cycle)"
                + serviceNote(analysis)
        case .services:
            let pairs = analysis.judgedPairs
            return "\(pairs.records.count) client × service pairs of \(analysis.clients.count) clients as of "
                + "\(grid.asOf), each judged by its own cycle or its service's (\(serviceCount(pairs)))"
        case .serviceWinBack:
            let pairs = analysis.judgedPairs
            var lost: Int64 = 0
            for position in pairs.winBackOrder { lost += pairs.records[position].ltvLoss }
            return "\(pairs.winBackOrder.count) client × service pairs to win back as of \(grid.asOf), "
                + "lifetime value lost \(Spelling.money(minorUnits: lost, scale: analysis.scale))"
        case .winBack:
            var lost: Int64 = 0, longGone: Int64 = 0
            for position in analysis.winBackList.indices {
                let record = analysis.winBackList.record(at: position)
                lost += record.ltvLoss
                if analysis.wasLostBeforeWindow(record) { longGone += record.ltvLoss }
            }
            return "\(analysis.winBackList.count) clients to win back as of \(grid.asOf), "
                + "lifetime value lost \(Spelling.money(minorUnits: lost, scale: analysis.scale))"
                + (longGone == 0 ? "" : " (\(Spelling.money(minorUnits: longGone, scale: analysis.scale)) of it "
                    + "long gone, lost before the window)") + serviceNote(analysis)
        }
    }

    /// In service mode (SPEC §13): how the statuses were judged.
    private static func serviceNote(_ analysis: Analysis) -> String {
        guard let pairs = analysis.pairs else { return "" }
        return "; statuses by service cycles (\(serviceCount(pairs)))"
    }

    /// `5 services`.
    private static func serviceCount(_ pairs: ServicePairs) -> String {
        var seen = Set<UInt32>()
        for record in pairs.records { seen.insert(record.service) }
        return seen.count == 1 ? "1 service" : "\(seen.count) services"
    }

    /// `text` padded with spaces to `width` terminal columns: on the left
    /// for numbers, on the right for text.
    static func padded(_ text: String, to width: Int, numeric: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return numeric ? padding + text : text + padding
    }
}

extension TableText {
    /// After a win-back list's caption: how many rows a selection printed and left out.
    static func selectionNote(_ rows: ListingRows) -> String {
        rows.count == rows.total ? "" : "; \(rows.count) of \(rows.total) shown, \(rows.total - rows.count) left out"
    }
}
