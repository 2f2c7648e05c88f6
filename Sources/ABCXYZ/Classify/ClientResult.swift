/// Everything the method says about one client (SPEC §3–§7), with the names
/// of SPEC §11 in `snake_case` in the machine-readable outputs.
public struct ClientResult: Hashable, Sendable {
    /// The client's id as in the export.
    public var client: String
    /// Net revenue inside the window.
    public var revenue: Money
    /// The ABC measure over `T` (annual value by default, or revenue), 0 when
    /// the measure is ≤ 0. Reported, never used to classify.
    public var share: Double
    /// A, B or C by the ABC measure (§3).
    public var abc: ABCClass
    /// Coefficient of variation of the XYZ measure; `nil` when undefined (too
    /// short a history: such a client is Z, but not erratic).
    public var cv: Double?
    /// X, Y or Z by the XYZ measure's `cv` (§4).
    public var xyz: XYZClass
    /// Purchase days in the whole history (not only the window).
    public var purchases: Int
    /// The first purchase day in the history: how long the client has been one.
    public var firstPurchase: Day
    /// The last purchase day on or before as-of: where recency counts from.
    public var lastPurchase: Day
    /// The cycle used for the status: own or population, at least the minimum.
    public var cycleDays: Double
    /// `true` when the cycle is the client's own median interval.
    public var hasOwnCycle: Bool
    /// Days from the last purchase to as-of.
    public var recencyDays: Int
    /// Active, at risk or lost: recency against the cycle (§5).
    public var status: ClientStatus
    /// What the client brought in its last year as a client.
    public var annualValue: Money
    /// Average order value: net history / purchases.
    public var averageOrderValue: Money
    /// Lifetime value lost: annual value × horizon × margin if not active.
    public var ltvLoss: Money
    /// The win-back tier; `nil` for an active client.
    public var tier: WinBackTier?
    /// The manager at as-of: the one on the latest row that names one.
    public var manager: String?
}

/// One line of the win-back list (SPEC §7).
public struct WinBackEntry: Hashable, Sendable {
    /// Position on the list, from 1.
    public var rank: Int
    /// The client's tier; every entry has one, since only at-risk and lost clients are listed.
    public var tier: WinBackTier
    /// The client's full result.
    public var result: ClientResult
}

/// What was read and what was used (SPEC §9): `rowsRead = accepted + rejected`
/// and `accepted = used + afterAsOf`, always.
public struct IngestSummary: Hashable, Sendable {
    /// Physical lines of the input: with `rowsRead`, shows rows a stray quote swallowed.
    public var lines: Int
    /// Data records read: `accepted + rejected`.
    public var rowsRead: Int
    /// Rows that passed reading: `used + afterAsOf`.
    public var accepted: Int
    /// Rows left out under ``ErrorPolicy/skip``; 0 when reading stops at the first.
    public var rejected: Int
    /// Accepted rows dated on or before as-of.
    public var used: Int
    /// Accepted rows dated after as-of, left out of every figure.
    public var afterAsOf: Int
    /// Distinct clients among accepted rows.
    public var clients: Int
    /// Clients with at least one purchase day on or before as-of.
    public var clientsWithPurchases: Int
    /// `clients − clientsWithPurchases`: refund-only, zero-net, or only after as-of.
    public var clientsWithoutPurchases: Int { clients - clientsWithPurchases }
}
