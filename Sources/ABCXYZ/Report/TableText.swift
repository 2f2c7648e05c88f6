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
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    /// Appends ``printable(_:)`` of the UTF-8 text `bytes` and returns its
    /// ``displayWidth(_:)``, byte by byte: what a table cell of an id needs,
    /// without a `String` per cell (which made a 10 M-row table 3.4× the
    /// time of its CSV, BENCHMARKS.md, stop 30). The reader hands on valid
    /// UTF-8; anything else is spelled through `String`, which mends it.
    static func appendPrintable(_ bytes: ArraySlice<UInt8>, to output: inout SpelledBytes) -> Int {
        let start = output.count
        var width = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                output.append(lead < 0x20 || lead == 0x7F ? UInt8(ascii: "?") : lead)
                width += 1
                index += 1
                continue
            }
            guard let (scalar, length) = decodeScalar(bytes, at: index) else {
                output.truncate(to: start)
                let text = printable(String(decoding: bytes, as: UTF8.self))
                output.append(contentsOf: text.utf8)
                return displayWidth(text)
            }
            if scalar <= 0x9F {  // C1, U+0080…U+009F
                output.append(UInt8(ascii: "?"))
                width += 1
            } else {
                output.append(contentsOf: bytes[index..<index + length])
                width += displayWidth(ofScalar: scalar)
            }
            index += length
        }
        return width
    }

    /// The scalar whose UTF-8 starts at `index` (not ASCII) and its length,
    /// or `nil` for a sequence that is not well formed (Unicode Table 3-7:
    /// no overlong forms, surrogates or scalars beyond U+10FFFF).
    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, at index: Int) -> (UInt32, Int)? {
        let lead = bytes[index]
        let length: Int, low: UInt8, high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        default: return nil
        }
        guard bytes.endIndex - index >= length else { return nil }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return nil }
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        scalar = scalar << 6 | UInt32(second & 0x3F)
        for offset in 2..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        return (scalar, length)
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
