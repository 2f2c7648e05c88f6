/// The Pareto class of a client by value: annual value, or window revenue (SPEC §3).
public enum ABCClass: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// The clients that together bring the first `a` (80 %) of the total value.
    case a = "A"
    /// The next ones, up to `b` (95 %).
    case b = "B"
    /// The rest, and every client whose value is not positive.
    case c = "C"

    /// A before B before C: the order of the matrix and of sorted lists.
    public static func < (lhs: ABCClass, rhs: ABCClass) -> Bool { lhs.index < rhs.index }

    /// `A`, `B` or `C`.
    public var description: String { rawValue }

    var index: Int {
        switch self {
        case .a: 0
        case .b: 1
        case .c: 2
        }
    }
}

/// The variability class of a client (SPEC §4): how steady its money per day
/// between purchases was (or, classic, its revenue per period while it bought).
public enum XYZClass: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Steady: coefficient of variation ≤ `x` (0.10).
    case x = "X"
    /// Fluctuating: ≤ `y` (0.25).
    case y = "Y"
    /// Erratic (cv above `y`), or too short a history for a cv: reports count the two apart.
    case z = "Z"

    /// X before Y before Z: steadiest first, as in the matrix.
    public static func < (lhs: XYZClass, rhs: XYZClass) -> Bool { lhs.index < rhs.index }

    /// `X`, `Y` or `Z`.
    public var description: String { rawValue }

    var index: Int {
        switch self {
        case .x: 0
        case .y: 1
        case .z: 2
        }
    }
}

/// Where a client stands against its own purchase cycle (SPEC §5).
public enum ClientStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Bought within `r` (1.0) cycles of as-of.
    case active = "active"
    /// Overdue: more than `r` but at most `l` (1.5) cycles since the last purchase.
    case atRisk = "at-risk"
    /// More than `l` cycles since the last purchase.
    case lost = "lost"

    /// `active`, `at-risk` or `lost`, as in SPEC §11.
    public var description: String { rawValue }
}

/// A win-back tier (SPEC §7): 1 win back first, 2 must win back,
/// 3 win back if possible, 4 let go.
public struct WinBackTier: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1 to 4.
    public let rawValue: Int

    /// Returns `nil` outside 1...4.
    public init?(rawValue: Int) {
        guard (1...4).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Tier 1: big, steady clients; call them first.
    public static let winBackFirst = WinBackTier(rawValue: 1)!
    /// Tier 2.
    public static let mustWinBack = WinBackTier(rawValue: 2)!
    /// Tier 3.
    public static let winBackIfPossible = WinBackTier(rawValue: 3)!
    /// Tier 4: small, erratic clients, not worth a call.
    public static let letGo = WinBackTier(rawValue: 4)!

    /// Tier 1 first: the order of the win-back list.
    public static func < (lhs: WinBackTier, rhs: WinBackTier) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `1` to `4`, as in SPEC §11.
    public var description: String { String(rawValue) }

    /// What the tier asks of the sales team, in words.
    public var meaning: String {
        switch rawValue {
        case 1: "win back first"
        case 2: "must win back"
        case 3: "win back if possible"
        default: "let go"
        }
    }
}
