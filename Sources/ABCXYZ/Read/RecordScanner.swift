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
    /// The delimiter in every byte of a word, made once: the parser's loop
    /// is too big for the compiler to keep it in a register across rows.
    private let delimiters: UInt64

    init(base: UnsafePointer<UInt8>, end: Int, delimiter: UInt8) {
        self.base = base
        self.end = end
        self.delimiter = delimiter
        delimiters = 0x0101_0101_0101_0101 &* UInt64(delimiter)
    }

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

        /// The content's bytes (a quoted field's `""` pairs as they are), for the parsers.
        @inline(__always)
        func content(_ base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + start, count: end - start)
        }

        /// The content as a `String`, quotes unescaped (header and error paths only).
        func text(_ base: UnsafePointer<UInt8>) -> String {
            let raw = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
            return hasEscapedQuotes ? raw.replacingQuotePairs() : raw
        }
    }

    /// The field starting at `position`, or `nil` for an unterminated quote.
    @inline(__always)
    func nextField(at position: Int) -> Field? {
        if position < end, base[position] == UInt8(ascii: "\"") { return quotedField(at: position) }
        let p = endOfUnquotedField(from: position)
        if p < end, base[p] == delimiter {
            return Field(start: position, end: p, next: p + 1, quoted: false,
                         hasEscapedQuotes: false, endsRecord: false, textAfterQuote: false)
        }
        var contentEnd = p
        if contentEnd > position, base[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        return Field(start: position, end: contentEnd, next: min(p + 1, end), quoted: false,
                     hasEscapedQuotes: false, endsRecord: true, textAfterQuote: false)
    }

    /// A field that starts with a quote (kept out of line: most fields do not).
    @inline(never)
    func quotedField(at position: Int) -> Field? {
        let newline = UInt8(ascii: "\n")
        let quote = UInt8(ascii: "\"")
        var p = position + 1
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

    /// A quoted field this long (bytes or line breaks) that then breaks its
    /// record is taken for a stray quote: reported as unterminated where it
    /// opened, and the reader goes on at the next line (``lineEnd(after:)``).
    static let runawayBytes = 64 << 10
    static let runawayLineBreaks = 100

    /// Whether a quoted field with `lineBreaks` inside is long enough to be a stray quote's.
    static func isRunaway(_ field: Field, lineBreaks: Int) -> Bool {
        lineBreaks > runawayLineBreaks || field.end - field.start > runawayBytes
    }

    /// The start of the line after the one holding `position` (or `end`).
    func lineEnd(after position: Int) -> Int {
        var p = position
        while p < end, base[p] != UInt8(ascii: "\n") { p += 1 }
        return min(p + 1, end)
    }

    /// The first delimiter or LF at or after `position` (or `end`), found
    /// eight bytes at a time: a byte equals `x` where `word ^ broadcast(x)`
    /// has a zero byte, and `(v − 0x01…01) & ~v & 0x80…80` marks zero bytes
    /// (the lowest mark is always exact, which is the one taken).
    @inline(__always)
    func endOfUnquotedField(from position: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let newlines = ones &* UInt64(UInt8(ascii: "\n"))
        var p = position
        while p &+ 8 <= end {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let a = word ^ delimiters, b = word ^ newlines
            let marks = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if marks != 0 { return p &+ marks.trailingZeroBitCount >> 3 }
            p &+= 8
        }
        while p < end, base[p] != delimiter, base[p] != UInt8(ascii: "\n") { p += 1 }
        return p
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
