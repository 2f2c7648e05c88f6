/// The win-back tier of each ABC/XYZ cell (SPEC §7).
///
/// The standard matrix puts steady big clients first and erratic small ones last:
///
/// |   | X | Y | Z |
/// |---|---|---|---|
/// | A | 1 | 1 | 2 |
/// | B | 2 | 2 | 3 |
/// | C | 3 | 4 | 4 |
public struct TierMatrix: Hashable, Sendable, CustomStringConvertible {
    /// Row-major: AX, AY, AZ, BX, …, CZ.
    private var tiers: [WinBackTier]

    /// The matrix of SPEC §7.
    public static let standard = TierMatrix(rows: [[1, 1, 2], [2, 2, 3], [3, 4, 4]])!

    /// A matrix from three rows (A, B, C) of three tiers (X, Y, Z), each 1…4;
    /// `nil` if the shape or a tier is wrong.
    public init?(rows: [[Int]]) {
        guard rows.count == 3, rows.allSatisfy({ $0.count == 3 }) else { return nil }
        var tiers: [WinBackTier] = []
        for value in rows.joined() {
            guard let tier = WinBackTier(rawValue: value) else { return nil }
            tiers.append(tier)
        }
        self.tiers = tiers
    }

    /// Parses nine tiers in row order, `1,1,2,2,2,3,3,4,4`.
    public init?(_ text: String) {
        guard let numbers = text.commaSeparated(count: 9, { Int($0) }) else { return nil }
        self.init(rows: [Array(numbers[0..<3]), Array(numbers[3..<6]), Array(numbers[6..<9])])
    }

    /// The tier of a cell.
    public subscript(abc: ABCClass, xyz: XYZClass) -> WinBackTier {
        tiers[abc.index * 3 + xyz.index]
    }

    /// The nine tiers in row order, `1,1,2,2,2,3,3,4,4`.
    public var description: String {
        tiers.map(\.description).joined(separator: ",")
    }
}

extension String {
    /// The `count` values of a comma-separated option (`0.80,0.95`), each
    /// trimmed of spaces and parsed; `nil` when there are more or fewer, or
    /// one does not parse. The one reading of every list-valued limit.
    func commaSeparated<Value>(count: Int, _ parse: (Substring) -> Value?) -> [Value]? {
        let parts = split(separator: ",", omittingEmptySubsequences: true)
        guard parts.count == count else { return nil }
        var values: [Value] = []
        for part in parts {
            var text = part
            while text.first == " " { text.removeFirst() }
            while text.last == " " { text.removeLast() }
            guard let value = parse(text) else { return nil }
            values.append(value)
        }
        return values
    }
}
