/// What a backtest (SPEC §15) holds the method against: the cut it runs at,
/// the end of the holdout, and what counts as a good enough "lost".
///
/// ```swift
/// var options = BacktestOptions(cut: Day(iso: "2025-03-31")!)
/// options.targetPrecision = 0.9   // "lost" must be right 9 times in 10
/// let backtest = try table.backtest(options)
/// ```
public struct BacktestOptions: Hashable, Sendable {
    /// The method runs as if as-of were this day, on the rows dated on or before it.
    public var cut: Day
    /// The last day of the holdout `(cut, until]`; `nil` means the latest date in the data.
    public var until: Day? = nil
    /// The lost factors the sweep tries (SPEC §15), in any order; the method's
    /// own factor is added when it is not among them, so it is always marked.
    public var lostFactors: [Double] = BacktestOptions.standardLostFactors
    /// The recommended factor is the smallest whose precision reaches this (**0.8**).
    public var targetPrecision: Double = 0.8
    /// The scores whose ROC AUC is reported, in this order.
    public var scores: [BacktestScore] = [.overdueRatio]

    /// 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6: SPEC §15's sweep.
    public static let standardLostFactors: [Double] = [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6]

    /// A backtest at `cut`, its holdout ending at `until` (the latest date when `nil`), with SPEC §15's defaults for the rest.
    public init(cut: Day, until: Day? = nil) {
        self.cut = cut
        self.until = until
    }

    /// Checks the options that do not depend on the data.
    /// - Throws: ``OptionsError`` naming the option and what it needs.
    public func validate() throws(OptionsError) {
        if let until, until <= cut {
            throw OptionsError(option: "until", requirement: "after the cut (\(cut)), got \(until)")
        }
        guard targetPrecision > 0, targetPrecision <= 1 else {
            throw OptionsError(option: "targetPrecision", requirement: "above 0 and at most 1")
        }
        guard !lostFactors.isEmpty, lostFactors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw OptionsError(option: "lostFactors", requirement: "one or more positive numbers")
        }
        guard !scores.isEmpty else { throw OptionsError(option: "scores", requirement: "at least one score") }
    }
}
