/// A per-client score for "will not return" whose ROC AUC a backtest reports
/// (SPEC §15): the higher the score, the surer the method is that the client
/// is gone.
///
/// The cycle rule gives ``overdueRatio``; the probabilistic model of SPEC §14
/// adds ``expectedPurchases`` and ``pAlive`` once it is fitted at the cut
/// (`--model`). Each case names how its values are made, so the backtest
/// needs only a value per client, in any order, to rank them.
public enum BacktestScore: String, Hashable, Sendable, CaseIterable {
    /// `recency / cycle` at the cut (SPEC §5): how many of its own cycles a
    /// client is overdue. The cycle rule's status thresholds this score.
    case overdueRatio = "overdue_ratio"
    /// `−expected_purchases` over the holdout's length (SPEC §14): fewer
    /// expected purchases, surer to stay away. Needs the model.
    case expectedPurchases = "expected_purchases"
    /// `1 − p_alive` at the cut (SPEC §14). Needs the model.
    case pAlive = "p_alive"

    /// Whether the score comes from the probabilistic model (SPEC §14), which
    /// the backtest must fit at the cut before it can rank by it.
    public var needsModel: Bool { self != .overdueRatio }
}
