/// Column widths that fit the content: the widest cell in characters (East
/// Asian wide characters count two, as in a terminal), plus room for the
/// autofilter button, capped so that one long id does not push the rest of
/// the sheet off screen.
///
/// Excel's unit of width is the width of one digit of the default font, so a
/// count of characters is the width directly.
enum ColumnWidth {
    /// The widest a column is made, in characters of content.
    static let maximumCharacters = 60
    /// Added for the autofilter drop-down button and a margin.
    static let padding = 3

    /// The width of a column whose widest cell has `characters` characters.
    static func width(characters: Int) -> Int {
        min(max(characters, 1), maximumCharacters) + padding
    }

    /// Characters of UTF-8 `text` as ``TableText/displayWidth(_:)`` counts
    /// them, without making a `String`.
    @inline(__always)
    static func characters(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < text.count {
            let lead = text[index]
            if lead < 0x80 {
                count += 1
                index += 1
                continue
            }
            // A valid sequence: 110xxxxx, 1110xxxx or 11110xxx, then 10xxxxxx bytes.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in 1..<length where index + next < text.count {
                scalar = scalar << 6 | UInt32(text[index + next] & 0x3F)
            }
            count += TableText.displayWidth(ofScalar: scalar)
            index += length
        }
        return count
    }

    static func characters(_ text: ArraySlice<UInt8>) -> Int {
        text.withUnsafeBufferPointer { characters($0) }
    }
}
