/// Ids (client and manager names come straight from the export) made
/// literal in HTML and Markdown, one UTF-8 byte at a time.
///
/// Why bytes and not `Character`s: a Swift `Character` is a grapheme
/// cluster, and a cluster can swallow an ASCII `<`. A prepend character
/// before it (U+0600 ARABIC NUMBER SIGN and the other
/// Prepended_Concatenation_Marks, U+0D4E, U+111C2, …) or a combining mark,
/// ZWJ or variation selector after it makes one cluster that is not equal
/// to `"<"`, so a loop over characters copied the `<` and an id like
/// `"\u{600}<img src=x onerror=…>"` ran as script in the report. Every
/// character to escape is ASCII, and in UTF-8 an ASCII byte never occurs
/// inside another scalar's encoding, so a byte test finds each one however
/// the text clusters. (CSV and JSON output already escape bytes:
/// `CSVText`, `JSONText`.)
enum MarkupEscaping {
    /// Text safe as HTML or SVG text and inside a quoted attribute:
    /// `&` `<` `>` `"` `'` become character references.
    ///
    /// ```swift
    /// MarkupEscaping.html("\u{600}<b>")   // "\u{600}&lt;b&gt;"
    /// ```
    /// - Complexity: O(n) in the UTF-8 length; no copy when nothing needs escaping.
    static func html(_ text: String) -> String {
        guard text.utf8.contains(where: isHTMLSpecial) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text literal inside a GitHub-flavoured Markdown table cell or line:
    /// a backslash before each of ``markdownSpecials`` (table pipes,
    /// emphasis, code, links, inline HTML, entities, strike-through), and a
    /// space for each CR and LF so an id cannot end the row.
    ///
    /// ```swift
    /// MarkupEscaping.markdown("a|b*c\r\nd")   // "a\\|b\\*c  d"
    /// ```
    static func markdown(_ text: String) -> String {
        guard text.utf8.contains(where: { markdownSpecials.contains($0) || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x0D {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            if markdownSpecials.contains(byte) { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ASCII punctuation that means something inside a Markdown line; GFM
    /// takes a backslash before any ASCII punctuation as "literal".
    static let markdownSpecials: Set<UInt8> = Set("\\|*_`<>[]&~".utf8)

    private static func isHTMLSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
