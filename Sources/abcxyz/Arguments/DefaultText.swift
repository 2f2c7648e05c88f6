import ABCXYZ

/// How help spells a library default, so the text is the library's value, never a copy of it:
/// `DefaultText.plain(AnalysisOptions().horizonYears)` is `1`, and stays right if the default changes.
enum DefaultText {
    /// The shortest spelling: `30`, `1.5`, `0.01` (no `.0` on a whole number).
    static func plain(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// With one decimal at least: `1.0`, `1.5` (a factor or a share, not a count).
    static func decimal(_ value: Double) -> String { value.description }

    /// `digits` decimals, rounded half away from zero: `0.10` for 0.1 with 2.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var power = 1.0
        for _ in 0..<digits { power *= 10 }
        let scaled = Int64((abs(value) * power).rounded(.toNearestOrAwayFromZero))
        return (value < 0 && scaled > 0 ? "-" : "") + Money(minorUnits: scaled).formatted(scale: digits)
    }

    /// Two cut points as `0.80,0.95`.
    static func pair(_ first: Double, _ second: Double) -> String { fixed(first, 2) + "," + fixed(second, 2) }

    /// A thread count, with where it comes from: `8 (processors)`.
    static func threads(_ count: Int) -> String { "\(count) (processors)" }
}
