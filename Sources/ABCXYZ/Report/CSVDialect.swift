/// How a listing's CSV is spelled.
///
/// ``standard`` is SPEC §11 exactly. ``excel`` is what Excel opens by a
/// double click in locales whose list separator is `;` and decimal separator
/// `,` (Russian, Ukrainian, and most of continental Europe): a UTF-8 byte
/// order mark (without it Excel reads the bytes as the ANSI code page, and
/// Cyrillic comes out garbled), `;` between fields, and a decimal comma in
/// money, ratios and days. Dates stay `YYYY-MM-DD`, which Excel reads as
/// dates in every locale.
///
/// ```
/// client;revenue;share;…          (after the byte order mark)
/// Bolt;10900,00;0,224961;…
/// ```
public struct CSVDialect: Hashable, Sendable {
    /// Between fields.
    public var delimiter: UInt8
    /// `,` instead of `.` in numbers with a fraction.
    public var decimalComma: Bool
    /// The file starts with EF BB BF.
    public var byteOrderMark: Bool

    /// Any combination; ``standard`` and ``excel`` are the two the command line uses.
    public init(delimiter: UInt8, decimalComma: Bool, byteOrderMark: Bool) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.byteOrderMark = byteOrderMark
    }

    /// SPEC §11: `,`, decimal point, no byte order mark.
    public static let standard = CSVDialect(delimiter: UInt8(ascii: ","), decimalComma: false, byteOrderMark: false)
    /// For Excel with `;` as list separator: BOM, `;`, decimal comma.
    public static let excel = CSVDialect(delimiter: UInt8(ascii: ";"), decimalComma: true, byteOrderMark: true)

    static let byteOrderMarkBytes: [UInt8] = [0xEF, 0xBB, 0xBF]
}
