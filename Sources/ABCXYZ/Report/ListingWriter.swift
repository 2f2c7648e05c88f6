/// Spells listing rows as CSV, JSON or an aligned table, byte by byte.
struct ListingWriter {
    let names: Analysis.Names
    let scale: Int
    let columns: [ListingColumn]
    private var cell: [UInt8] = []

    init(names: Analysis.Names, scale: Int, columns: [ListingColumn]) {
        self.names = names
        self.scale = scale
        self.columns = columns
    }

    // MARK: CSV

    mutating func writeCSV<Sink>(_ records: [ClientRecord], to output: inout BufferedWriter<Sink>) throws {
        output.append(columns.map(\.key).joined(separator: ",") + "\n")
        for (position, record) in records.enumerated() {
            for (index, column) in columns.enumerated() {
                if index > 0 { output.buffer.append(UInt8(ascii: ",")) }
                appendCSV(column.value(record, position + 1), to: &output.buffer)
            }
            output.buffer.append(UInt8(ascii: "\n"))
            try output.flushIfFull()
        }
    }

    private func appendCSV(_ value: ListingValue, to bytes: inout [UInt8]) {
        switch value {
        case .client(let id): CSVText.appendField(names.clients[Int(id)], to: &bytes)
        case .manager(let id): if id != 0 { CSVText.appendField(names.managers[Int(id - 1)], to: &bytes) }
        default: appendPlain(value, to: &bytes)
        }
    }

    /// The spelling shared by CSV and JSON for numbers and dates.
    private func appendPlain(_ value: ListingValue, to bytes: inout [UInt8]) {
        switch value {
        case .money(let minorUnits): MoneyFormat.appendPlain(minorUnits, scale: scale, to: &bytes)
        case .share(let ratio), .ratio(let ratio): if !ratio.isNaN { DecimalText.appendFixed(ratio, digits: 6, to: &bytes) }
        case .integer(let value): DecimalText.appendInteger(value, to: &bytes)
        case .optionalInteger(let value): if let value { DecimalText.appendInteger(value, to: &bytes) }
        case .day(let day):
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: 10))
            Day(daysSince1970: Int(day)).writeISO(into: &bytes, at: start)
        case .days(let days): DecimalText.appendShortest(days, to: &bytes)
        case .word(let word): bytes.append(contentsOf: word.utf8)
        case .client, .manager: break
        }
    }

    // MARK: JSON

    mutating func writeJSON<Sink>(_ records: [ClientRecord], to output: inout BufferedWriter<Sink>) throws {
        output.append("[")
        let keys = columns.map { Array("\"\($0.key)\":".utf8) }
        for (position, record) in records.enumerated() {
            output.append(position == 0 ? "\n  {" : ",\n  {")
            for (index, column) in columns.enumerated() {
                if index > 0 { output.buffer.append(UInt8(ascii: ",")) }
                output.buffer.append(contentsOf: keys[index])
                appendJSON(column.value(record, position + 1), to: &output.buffer)
            }
            output.buffer.append(UInt8(ascii: "}"))
            try output.flushIfFull()
        }
        output.append(records.isEmpty ? "]\n" : "\n]\n")
    }

    private func appendJSON(_ value: ListingValue, to bytes: inout [UInt8]) {
        switch value {
        case .client(let id): JSONText.appendString(names.clients[Int(id)], to: &bytes)
        case .manager(let id):
            if id == 0 { bytes.append(contentsOf: "null".utf8) } else {
                JSONText.appendString(names.managers[Int(id - 1)], to: &bytes)
            }
        case .share(let ratio), .ratio(let ratio):
            if ratio.isNaN { bytes.append(contentsOf: "null".utf8) } else { appendPlain(value, to: &bytes) }
        case .optionalInteger(let number):
            if number == nil { bytes.append(contentsOf: "null".utf8) } else { appendPlain(value, to: &bytes) }
        case .day, .word:
            bytes.append(UInt8(ascii: "\""))
            appendPlain(value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .money, .integer, .days:
            appendPlain(value, to: &bytes)
        }
    }

    // MARK: Table

    mutating func writeTable<Sink>(_ records: [ClientRecord], listing: Listing, analysis: Analysis,
                                   to output: inout BufferedWriter<Sink>) throws {
        output.append(TableText.caption(listing, analysis: analysis) + "\n")
        guard !records.isEmpty else { return }
        var widths = columns.map { TableText.displayWidth($0.heading) }
        for (position, record) in records.enumerated() {
            for (index, column) in columns.enumerated() {
                widths[index] = max(widths[index], TableText.displayWidth(human(column.value(record, position + 1))))
            }
        }
        func appendRow(_ cells: [String]) {
            var line = ""
            for (index, text) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - TableText.displayWidth(text))
                if index > 0 { line += "  " }
                line += columns[index].numeric ? padding + text : text + (index == cells.count - 1 ? "" : padding)
            }
            output.append(line + "\n")
        }
        appendRow(columns.map(\.heading))
        for (position, record) in records.enumerated() {
            appendRow(columns.map { human($0.value(record, position + 1)) })
            try output.flushIfFull()
        }
    }

    /// A cell for people: grouped money, percentages, dashes for nothing.
    private func human(_ value: ListingValue) -> String {
        switch value {
        case .client(let id): return TableText.printable(names.clients.string(Int(id)))
        case .manager(let id): return id == 0 ? "-" : TableText.printable(names.managers.string(Int(id - 1)))
        case .money(let minorUnits):
            var bytes: [UInt8] = []
            MoneyFormat.appendDecimal(minorUnits, scale: scale, groupSeparator: [UInt8(ascii: " ")], to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        case .share(let ratio):
            var bytes: [UInt8] = []
            DecimalText.appendFixed(ratio * 100, digits: 1, to: &bytes)
            return String(decoding: bytes, as: UTF8.self) + "%"
        case .ratio(let ratio):
            guard !ratio.isNaN else { return "-" }
            var bytes: [UInt8] = []
            DecimalText.appendFixed(ratio, digits: 3, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        case .optionalInteger(nil): return "-"
        default:
            var bytes: [UInt8] = []
            appendPlain(value, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// CSV spelling of text fields (RFC 4180).
enum CSVText {
    /// Appends `field`, quoted when it holds a comma, a quote or a line break
    /// (quotes doubled inside).
    static func appendField(_ field: ArraySlice<UInt8>, to bytes: inout [UInt8]) {
        let needsQuotes = field.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            bytes.append(contentsOf: field)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// JSON spelling of strings (RFC 8259).
enum JSONText {
    static func appendString(_ text: ArraySlice<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        appendString(ArraySlice(text.utf8), to: &bytes)
    }
}
