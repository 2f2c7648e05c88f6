/// A status read as the forecast "will not return", scored against the
/// holdout (SPEC §15). A rate whose denominator is 0 is `nil` (undefined), never 0.
///
/// With `count` clients predicted gone, `hits` of them really not back, and
/// `notReturned` clients not back in all:
/// precision = hits / count, recall = hits / notReturned, and
/// F1 = 2·hits / (count + notReturned), which is `2PR / (P + R)` whenever
/// both are defined and not both 0, and 0 when no client is predicted gone
/// but some stayed away (the rule caught none of them).
public struct PredictionFigures: Hashable, Sendable {
    /// Clients the rule says will not return.
    public var count: Int
    /// …of whom did not return: the rule was right about these.
    public var hits: Int
    /// Clients that did not return, whatever the rule said.
    public var notReturned: Int

    /// The three counts every rate is worked out from.
    public init(count: Int, hits: Int, notReturned: Int) {
        self.count = count
        self.hits = hits
        self.notReturned = notReturned
    }

    /// How often "will not return" was right; `nil` when no client was predicted gone.
    public var precision: Double? { count > 0 ? Double(hits) / Double(count) : nil }
    /// How many of the clients that stayed away the rule caught; `nil` when all returned.
    public var recall: Double? { notReturned > 0 ? Double(hits) / Double(notReturned) : nil }
    /// The harmonic mean of the two, as `2·hits / (count + notReturned)`;
    /// `nil` only when no client was predicted gone and every client returned.
    public var f1: Double? {
        count + notReturned > 0 ? Double(2 * hits) / Double(count + notReturned) : nil
    }
}
