/// How text from the input appears in a message: cut to ``limit`` characters
/// with an ellipsis, and with control characters written as escapes.
///
/// An error echoes the field it is about; a field can be 50 MB long, hold a
/// line break (which would split the one-line message) or an ESC sequence
/// (which the terminal would run). So every value a message quotes goes
/// through ``shown(_:)``: `\n`, `\r`, `\t`, and `\u{1B}` for other C0 and C1
/// controls, DEL, and the bidirectional overrides (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F) that could reorder what the reader sees.
enum MessageText {
    /// The most characters (Unicode scalars) of one value a message shows.
    static let limit = 60

    /// At most this many bytes of a field are decoded for a message: enough
    /// for more than ``limit`` scalars, so a longer field still gets its ellipsis.
    static let byteLimit = 4 * (limit + 1)

    /// `text` cut and escaped for a one-line message.
    static func shown(_ text: some StringProtocol) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else {
                result += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text of at most ``byteLimit`` bytes of a field (enough to be shown).
    static func prefix(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: min(end - start, byteLimit)), as: UTF8.self)
    }

    /// The most header names a message lists.
    static let namesLimit = 20

    /// Header names for a message: each shown, at most ``namesLimit`` of them.
    static func names(_ names: [String]) -> String {
        let listed = names.prefix(namesLimit).map { shown($0) }.joined(separator: ", ")
        return names.count > namesLimit ? listed + ", … (\(names.count) columns)" : listed
    }
}
