/// How right the method was on a business's own past (SPEC §15): the method
/// run at a cut, its verdicts held against what each client did afterwards.
///
/// ```swift
/// let table = try TransactionTable(contentsOfFile: "sales.csv")
/// let backtest = try table.backtest(BacktestOptions(cut: Day(iso: "2025-03-31")!))
/// print(backtest.lost.precision!, backtest.lost.recall!)   // 0.6 0.6
/// print(backtest.recommendedLostFactor.map { "\($0)" } ?? "none")
/// ```
public struct Backtest: Sendable {
    /// The method's as-of: only rows dated on or before it were classified.
    public let cut: Day
    /// The last day of the holdout `(cut, until]`.
    public let until: Day
    /// Fraction digits of money.
    public let scale: Int
    /// The method's options at the cut (as-of resolved to the cut).
    public let options: AnalysisOptions
    /// The backtest's own options (the sweep's factors as run, current one included).
    public let backtestOptions: BacktestOptions
    /// Where every row went.
    public let rows: BacktestRows
    /// The population cycle at the cut (SPEC §5), `nil` when no client had its own.
    public let populationCycleDays: Double?
    /// Clients classified at the cut (a purchase day on or before it).
    public let clients: Int
    /// …of whom bought again in the holdout.
    public let returned: Int
    /// The clients by their status at the cut: active, at-risk, lost.
    public let statuses: [BacktestGroup]
    /// The at-risk and lost clients by win-back tier 1…4 at the cut.
    public let tiers: [BacktestGroup]
    /// "lost" read as "will not return".
    public let lost: PredictionFigures
    /// "at-risk or lost" read as "will not return".
    public let atRiskOrLost: PredictionFigures
    /// "lost" at each factor of the sweep, smallest factor first.
    public let sweep: [SweepRow]
    /// The smallest factor of the sweep whose precision reaches the target; `nil` if none does.
    public let recommendedLostFactor: Double?
    /// Each score's ROC AUC for "will not return", in the order asked for.
    public let scores: [ScoreFigures]

    /// The figures of one status at the cut.
    public subscript(status: ClientStatus) -> BacktestGroup {
        statuses[ClientStatus.allCases.firstIndex(of: status)!]
    }
}

/// Clients that share a status or a tier at the cut, and what they did next.
public struct BacktestGroup: Hashable, Sendable {
    /// How many clients the group holds.
    public var clients = 0
    /// …with a purchase day in the holdout.
    public var returned = 0
    /// Lifetime value lost predicted at the cut (0 for active clients, SPEC §6).
    public var ltvLoss = Money(minorUnits: 0)
    /// Their net sum in the holdout.
    public var holdoutRevenue = Money(minorUnits: 0)

    /// An empty group, to count clients into.
    public init() {}

    /// `returned / clients`; `nil` (undefined) for an empty group.
    public var share: Double? { clients > 0 ? Double(returned) / Double(clients) : nil }
}

/// One lost factor of the sweep: the clients it calls lost at the cut and how right that was.
public struct SweepRow: Hashable, Sendable {
    /// `l`; the at-risk factor is `min(r, l)` (SPEC §15).
    public var lostFactor: Double
    /// How right "lost at this factor" was as the forecast "will not return".
    public var prediction: PredictionFigures
    /// Whether this is the method's own lost factor.
    public var isCurrent: Bool
}

/// A score's ROC AUC for "will not return".
public struct ScoreFigures: Hashable, Sendable {
    /// Which score this is.
    public var score: BacktestScore
    /// `nil` when every client returned or none did.
    public var auc: Double?
}

/// Where the accepted rows of a backtest fall: classified, in the holdout, or later.
public struct BacktestRows: Hashable, Sendable {
    /// Records read after the header, accepted or rejected.
    public var rowsRead: Int
    /// Rows read as transactions; the rest were rejected (`--on-error skip`).
    public var accepted: Int
    /// Rows left out as unreadable.
    public var rejected: Int { rowsRead - accepted }
    /// Dated on or before the cut: what the method saw.
    public var throughCut: Int
    /// Dated in `(cut, until]`: what the clients did next.
    public var inHoldout: Int
    /// Dated after `until`: in no figure.
    public var afterUntil: Int { accepted - throughCut - inHoldout }
    /// Clients whose first purchase day is in the holdout: new, so in no figure.
    public var newInHoldout: Int
}

extension TransactionTable {
    /// Runs the method at `backtest.cut` on the rows dated on or before it
    /// and scores its verdicts against the holdout (SPEC §15).
    ///
    /// The rows are grouped once, through `until`; the method reads each
    /// client's history up to the cut, the holdout reads the rest, and the
    /// sweep recomputes only statuses from each client's recency and cycle,
    /// which do not depend on the factor.
    /// - Parameters:
    ///   - backtest: the cut, the holdout's end, the sweep and the target precision.
    ///   - method: the method's options; `asOf` must be unset (the cut is the as-of).
    /// - Throws: ``OptionsError`` for options that cannot work, ``AnalysisError``
    ///   when the data hold no client at the cut or no day after it.
    /// - Complexity: O(n + c log c) for n rows and c clients, as one analysis.
    public func backtest(_ backtest: BacktestOptions, method: AnalysisOptions = AnalysisOptions(),
                         threads: Int = ReadOptions.processorCount) throws -> Backtest {
        try backtest.validate()
        try method.validate()
        if method.asOf != nil, method.asOf != backtest.cut {
            throw OptionsError(option: "asOf", requirement: "unset in a backtest, which runs the method at its cut")
        }
        if let score = backtest.scores.first(where: \.needsModel) {
            throw OptionsError(option: "scores", requirement: "without \(score.rawValue) until the model of SPEC §14 "
                + "is fitted at the cut (only overdue_ratio for now)")
        }
        guard let latest = dateRange?.upperBound else {
            throw AnalysisError(description: "no accepted transactions, so nothing to backtest")
        }
        let until = backtest.until ?? latest
        guard until > backtest.cut else {
            throw AnalysisError(description: "nothing happens after the cut \(backtest.cut): the latest date in the "
                + "data is \(latest); choose an earlier --cut")
        }
        var options = method
        options.asOf = backtest.cut
        let grid = PeriodGrid(asOf: backtest.cut, length: options.periodLength, count: options.periodCount)
        // Histories through `until`: the classifier reads each client's rows up to
        // its as-of (the cut) only, and the holdout is the tail after it.
        let histories = ClientHistories(self, through: until.daysSince1970, threads: threads)
        // Service mode as `analyze` chooses it: a client's status is its best pair's, which is
        // the status of its deciding pair (the smallest recency / cycle, SPEC §13), so the sweep
        // over lost factors below still works from the client's recency and cycle.
        if options.cycles == nil { options.cycles = hasCategoryColumn ? .service : .client }
        let atCut = Classifier(options: options, grid: grid, threads: threads, cycles: options.cycles!)
            .classify(histories, names: Analysis.Names(clients: clients, managers: managers,
                                                       categories: categories ?? ByteStrings()),
                      scale: scale, lines: lines, rowsRead: rowsRead, accepted: acceptedCount)
        guard !atCut.clients.isEmpty else {
            throw AnalysisError(description: "no client has a purchase day on or before the cut \(backtest.cut): "
                + "choose a later --cut")
        }
        let (outcomes, throughCut) = HoldoutPass(cut: backtest.cut.daysSince1970, threads: threads)
            .outcomes(histories)
        let evaluation = BacktestEvaluation(options: options, backtest: backtest, records: atCut.clients.records,
                                            outcomes: outcomes)
        let rows = BacktestRows(rowsRead: rowsRead, accepted: acceptedCount, throughCut: throughCut,
                                inHoldout: histories.rowCount - throughCut,
                                newInHoldout: evaluation.newInHoldout)
        return Backtest(
            cut: backtest.cut, until: until, scale: scale, options: options, backtestOptions: evaluation.backtest,
            rows: rows, populationCycleDays: atCut.populationCycleDays, clients: atCut.clients.count,
            returned: evaluation.returned, statuses: evaluation.statuses, tiers: evaluation.tiers,
            lost: evaluation.lost, atRiskOrLost: evaluation.atRiskOrLost, sweep: evaluation.sweep,
            recommendedLostFactor: evaluation.recommendedLostFactor, scores: evaluation.scores)
    }
}
