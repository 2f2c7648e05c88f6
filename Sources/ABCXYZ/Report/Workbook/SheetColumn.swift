/// A column of a worksheet: its heading and what its cells hold.
struct SheetColumn: Hashable, Sendable {
    /// The text of the header row.
    let heading: String
    let kind: CellKind

    init(_ heading: String, _ kind: CellKind) {
        self.heading = heading
        self.kind = kind
    }
}

/// What a column's cells hold, which decides how they are stored and shown.
///
/// Numbers are stored as numbers (`<v>`) in the decimal spelling the caller
/// gives, exact (money comes from whole minor units, never through a
/// `Double`), and shown with a number format of the column's decimals.
enum CellKind: Hashable, Sendable {
    /// A string (stored inline).
    case text
    /// A whole number, shown as it is.
    case integer
    /// An amount in minor units, shown with `scale` decimals (`0.00` for cents).
    case money(scale: Int)
    /// A ratio with a fixed number of decimals (`0.000000`).
    case fixed(digits: Int)
    /// A decimal shown as written (General): `31`, `30.5`.
    case number
    /// A calendar day, stored as its serial number and shown `yyyy-mm-dd`.
    case date

    /// Decimals the number format shows, for the kinds that fix them.
    var decimals: Int? {
        switch self {
        case let .money(scale): scale
        case let .fixed(digits): digits
        case .text, .integer, .number, .date: nil
        }
    }
}
