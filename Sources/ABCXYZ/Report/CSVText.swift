/// CSV spelling of text fields (RFC 4180).
enum CSVText {
    /// Whether a spreadsheet would take `field` for a formula: it starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list).
    static func looksLikeFormula(_ field: ArraySlice<UInt8>) -> Bool {
        guard let first = field.first else { return false }
        return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
    }

    /// Appends a text field; with `guardingFormulas`, one that a spreadsheet
    /// would run as a formula is written with a leading `'`, which makes it text.
    @inline(__always)
    static func appendField<Bytes: ByteAppending & ~Copyable>(_ field: ArraySlice<UInt8>, guardingFormulas: Bool,
                            delimiter: UInt8 = UInt8(ascii: ","), to bytes: inout Bytes) {
        if guardingFormulas, looksLikeFormula(field) {
            appendField([UInt8(ascii: "'")] + field, delimiter: delimiter, to: &bytes)
        } else {
            appendField(field, delimiter: delimiter, to: &bytes)
        }
    }

    /// Appends `field`, quoted when it holds the delimiter, a quote or a line
    /// break (quotes doubled inside).
    static func appendField<Bytes: ByteAppending & ~Copyable>(_ field: ArraySlice<UInt8>, delimiter: UInt8 = UInt8(ascii: ","),
                            to bytes: inout Bytes) {
        let needsQuotes = field.contains { byte in
            byte == delimiter || byte == UInt8(ascii: "\"")
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
