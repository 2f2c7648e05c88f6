/// Text as SpreadsheetML stores it in a cell's `<t>` element, spelled from
/// UTF-8 bytes (ids are valid UTF-8: the reader checks).
///
/// Working on bytes is working on Unicode scalars here: every byte that
/// matters (`<`, `&`, a control) is ASCII, and ASCII bytes never occur inside
/// a multi-byte sequence, so `U+0600` followed by `<` (one `Character`, two
/// scalars) still has its `<` escaped.
///
/// - `<`, `>`, `&` become `&lt;`, `&gt;`, `&amp;`.
/// - A carriage return becomes `&#13;`, which XML parsers keep (a literal one
///   would be read as a line feed).
/// - Characters XML 1.0 forbids (U+0000–U+001F other than tab, line feed and
///   carriage return; U+FFFE, U+FFFF) become `_xHHHH_`, as Excel writes them
///   (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and an `_` that would start such
///   an escape in the original text becomes `_x005F_`, so reading back gives
///   the original.
///
/// ```swift
/// var bytes: [UInt8] = []
/// SpreadsheetText.appendEscaped(ArraySlice("<b>&\u{1}".utf8), to: &bytes)
/// // &lt;b&gt;&amp;_x0001_
/// ```
enum SpreadsheetText {
    /// Appends the escaped content of `text` (without the `<t>` tags).
    /// - Complexity: O(n); a text with nothing to escape is copied whole.
    static func appendEscaped(_ text: ArraySlice<UInt8>, to bytes: inout [UInt8]) {
        text.withUnsafeBufferPointer { appendEscaped($0, to: &bytes) }
    }

    static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0  // text[start..<index] is still to be copied as it is
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            // Only ASCII below '@', '_' and the lead byte of U+FFFE/U+FFFF can need escaping.
            guard byte < 0x40 || byte == UInt8(ascii: "_") || byte == 0xEF else {
                index += 1
                continue
            }
            let replacement: StaticString
            var length = 1
            switch byte {
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "&"): replacement = "&amp;"
            case 0x0D: replacement = "&#13;"
            case 0x09, 0x0A:
                index += 1
                continue
            case 0..<0x20:
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
                appendControl(byte, to: &bytes)
                index += 1
                start = index
                continue
            case UInt8(ascii: "_") where startsEscape(text, at: index): replacement = "_x005F_"
            case 0xEF where index + 2 < count && text[index + 1] == 0xBF && text[index + 2] >= 0xBE:
                replacement = text[index + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_"  // EF BF BE, EF BF BF
                length = 3
            default:
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            index += length
            start = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<count]))
    }

    /// Whether `text` starts or ends with white space, which a `<t>` keeps
    /// only under `xml:space="preserve"`.
    @inline(__always)
    static func needsPreservedSpace(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        return isSpace(first) || isSpace(last)
    }

    static func needsPreservedSpace(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBufferPointer { needsPreservedSpace($0) }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `_x` followed by four hex digits and `_` at `index`: what a reader
    /// would decode.
    private static func startsEscape(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < text.count, text[index + 1] == UInt8(ascii: "x") || text[index + 1] == UInt8(ascii: "X"),
              text[index + 6] == UInt8(ascii: "_") else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(text[$0]) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func appendControl(_ byte: UInt8, to bytes: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        bytes.append(contentsOf: "_x00".utf8)
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0xF)])
        bytes.append(UInt8(ascii: "_"))
    }

    /// Escapes text for XML element content and attribute values in the
    /// workbook's own parts (sheet names, headings): `<`, `>`, `&`, `"`, `'`.
    static func escapedMarkup(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
