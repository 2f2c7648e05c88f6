/// Splits CSV records into fields (RFC 4180): a field is quoted when it
/// starts with `"`; inside quotes the delimiter and line breaks are data and
/// `""` is one quote. Records end at LF; a CR before it is dropped.
///
/// The scanner only finds where fields are; the caller decides what to read
/// from them. It never reads outside `0..<end`.
struct RecordScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8

    /// Where one field's content is, and what follows it.
    struct Field {
        /// Content start (after an opening quote).
        var start: Int
        /// Content end (before a closing quote, or a CR before LF).
        var end: Int
        /// Where the next field or record starts.
        var next: Int
        /// The field was quoted.
        var quoted: Bool
        /// The quoted content holds `""` pairs to unescape.
        var hasEscapedQuotes: Bool
        /// The field is the last of its record (a line break or the end followed it).
        var endsRecord: Bool
        /// Something other than a delimiter or line break followed the closing quote.
        var textAfterQuote: Bool

        /// The content as a `String`, quotes unescaped (header and error paths only).
        func text(_ base: UnsafePointer<UInt8>) -> String {
            let raw = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
            return hasEscapedQuotes ? raw.replacingQuotePairs() : raw
        }
    }

    /// The field starting at `position`, or `nil` for an unterminated quote.
    @inline(__always)
    func nextField(at position: Int) -> Field? {
        let newline = UInt8(ascii: "\n")
        let quote = UInt8(ascii: "\"")
        var p = position
        if p < end, base[p] == quote {
            p += 1
            let contentStart = p
            var escaped = false
            while true {
                while p < end, base[p] != quote { p += 1 }
                guard p < end else { return nil }
                if p + 1 < end, base[p + 1] == quote {
                    escaped = true
                    p += 2
                    continue
                }
                break
            }
            let contentEnd = p
            p += 1  // closing quote
            if p >= end {
                return Field(start: contentStart, end: contentEnd, next: p, quoted: true,
                             hasEscapedQuotes: escaped, endsRecord: true, textAfterQuote: false)
            }
            var byte = base[p]
            if byte == delimiter {
                return Field(start: contentStart, end: contentEnd, next: p + 1, quoted: true,
                             hasEscapedQuotes: escaped, endsRecord: false, textAfterQuote: false)
            }
            if byte == UInt8(ascii: "\r"), p + 1 < end, base[p + 1] == newline {
                p += 1
                byte = newline
            }
            if byte == newline {
                return Field(start: contentStart, end: contentEnd, next: p + 1, quoted: true,
                             hasEscapedQuotes: escaped, endsRecord: true, textAfterQuote: false)
            }
            // Text after the closing quote: report it and resynchronise at the
            // next delimiter or line break so that the record can be skipped.
            while p < end, base[p] != delimiter, base[p] != newline { p += 1 }
            let endsRecord = p >= end || base[p] == newline
            return Field(start: contentStart, end: contentEnd, next: min(p + 1, end), quoted: true,
                         hasEscapedQuotes: escaped, endsRecord: endsRecord, textAfterQuote: true)
        }
        let start = p
        while p < end {
            let byte = base[p]
            if byte == delimiter || byte == newline { break }
            p += 1
        }
        if p < end, base[p] == delimiter {
            return Field(start: start, end: p, next: p + 1, quoted: false,
                         hasEscapedQuotes: false, endsRecord: false, textAfterQuote: false)
        }
        var contentEnd = p
        if contentEnd > start, base[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        return Field(start: start, end: contentEnd, next: min(p + 1, end), quoted: false,
                     hasEscapedQuotes: false, endsRecord: true, textAfterQuote: false)
    }

    /// The number of LF bytes in `range`.
    static func newlines(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int {
        var lines = 0
        for i in range where base[i] == UInt8(ascii: "\n") { lines += 1 }
        return lines
    }

    /// The 1-based character column of byte `offset`: characters (UTF-8 lead
    /// bytes) since the line's start, plus one.
    static func column(_ base: UnsafePointer<UInt8>, offset: Int) -> Int {
        var lineStart = offset
        while lineStart > 0, base[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var characters = 0
        for i in lineStart..<offset where base[i] & 0xC0 != 0x80 { characters += 1 }
        return characters + 1
    }
}

extension String {
    /// `""` → `"`.
    func replacingQuotePairs() -> String {
        var result = ""
        var previousWasQuote = false
        for character in self {
            if character == "\"" {
                if previousWasQuote {
                    previousWasQuote = false
                    continue
                }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            result.append(character)
        }
        return result
    }
}
