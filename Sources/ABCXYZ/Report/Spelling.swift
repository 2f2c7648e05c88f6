/// How figures are spelled for people (terminal tables, Markdown, HTML):
/// grouped money, percentages with one decimal, days without trailing zeros.
/// Machine formats (CSV, JSON) spell figures as SPEC §11 says instead.
enum Spelling {
    /// `12 345.60`.
    static func money(_ value: Money, scale: Int) -> String {
        money(minorUnits: value.minorUnits, scale: scale)
    }

    static func money(minorUnits: Int64, scale: Int) -> String {
        var bytes: [UInt8] = []
        MoneyFormat.appendDecimal(minorUnits, scale: scale, groupSeparator: UInt8(ascii: " "), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `36.3%`.
    static func percent(_ fraction: Double) -> String {
        var bytes: [UInt8] = []
        DecimalText.appendFixed(fraction * 100, digits: 1, to: &bytes)
        return String(decoding: bytes, as: UTF8.self) + "%"
    }

    /// A rate, or `undefined` when its denominator is zero (SPEC §8).
    static func rate(_ fraction: Double?) -> String {
        fraction.map(percent) ?? "undefined"
    }

    /// `30`, `30.5`.
    static func days(_ value: Double) -> String {
        var bytes: [UInt8] = []
        DecimalText.appendShortest(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
