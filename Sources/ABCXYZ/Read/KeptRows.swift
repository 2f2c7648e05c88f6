/// The values of the kept columns (`--keep-columns`: phone, e-mail, tax id)
/// of one piece's accepted rows, in row order: a side channel beside the
/// transaction columns that exists only when columns are kept.
///
/// Values are interned per piece, so a phone repeated on every row of a
/// client costs four bytes a row, not its text.
struct KeptRows: Sendable {
    /// The piece's distinct non-empty values (trimmed, quotes unescaped), in
    /// its own numbering; the bytes may not be UTF-8 (``KeptColumns`` repairs them).
    var values = ByteStrings()
    /// `ids[row * width + slot]`: the value number + 1 of kept column `slot`
    /// in accepted row `row`, 0 for an empty field.
    var ids: [UInt32] = []
    /// Kept columns per row.
    var width = 0

    /// The value number + 1 of column `slot` in row `row` (0: empty).
    @inline(__always)
    func id(row: Int, slot: Int) -> UInt32 { ids[row &* width &+ slot] }
}
