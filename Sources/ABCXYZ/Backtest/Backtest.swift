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
    /// What was judged: clients (§5), or client × service pairs with
    /// ``CycleBasis/service`` (SPEC §13, the default with a category column),
    /// in which case every count below (``clients``, ``returned``, the groups,
    /// the predictions, the sweep, the scores) is of pairs.
    public let cycles: CycleBasis
    /// Clients classified at the cut (a purchase day on or before it); pairs
    /// with a purchase day by then in service mode.
    public let clients: Int
    /// …of whom bought again in the holdout (in service mode: bought that service again).
    public let returned: Int
    /// The clients (pairs) by their status at the cut: active, at-risk, lost.
    public let statuses: [BacktestGroup]
    /// The at-risk and lost clients (pairs) by win-back tier 1…4 at the cut.
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
    /// The model of SPEC §14 fitted at the cut and its calibration chart; `nil` without `--model`.
    public let model: BacktestModel?

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
    /// In service mode, pairs: a client's first purchase of a service in the holdout.
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
    ///   - model: with options, also the model of SPEC §14, fitted at the cut on the
    ///     rows dated on or before it: its scores (``BacktestScore/expectedPurchases``
    ///     and ``BacktestScore/pAlive`` join the default ``BacktestOptions/scores``)
    ///     and the calibration chart. Its as-of is the cut.
    /// - Throws: ``OptionsError`` for options that cannot work, ``AnalysisError``
    ///   when the data hold no client at the cut or no day after it,
    ///   ``ModelFitError`` when the model cannot be fitted at the cut.
    /// - Complexity: O(n + c log c) for n rows and c clients, as one analysis.
    public func backtest(_ backtest: BacktestOptions, method: AnalysisOptions = AnalysisOptions(),
                         model: ModelOptions? = nil, threads: Int = ReadOptions.processorCount) throws -> Backtest {
        var table = self
        return try table.backtest(backtest, method: method, model: model, threads: threads, releasingFrom: nil)
    }

    /// ``backtest(_:method:model:threads:)`` for a caller that runs it once: a
    /// large table's rows are freed as they are grouped, as
    /// ``analyzeReleasingRows(_:model:threads:)`` does, with the same result byte for byte.
    public mutating func backtestReleasingRows(_ backtest: BacktestOptions, method: AnalysisOptions = AnalysisOptions(),
                                               model: ModelOptions? = nil,
                                               threads: Int = ReadOptions.processorCount) throws -> Backtest {
        try self.backtest(backtest, method: method, model: model, threads: threads,
                          releasingFrom: ClientHistories.rowsWorthReleasing)
    }

    /// `releasingFrom`: the fewest accepted rows whose table is released while grouped (`nil`: never).
    mutating func backtest(_ backtest: BacktestOptions, method: AnalysisOptions, model: ModelOptions?, threads: Int,
                           releasingFrom threshold: Int?) throws -> Backtest {
        guard !rowsReleased else {
            throw AnalysisError(description: "the table's rows were released by an earlier analysis")
        }
        var backtest = backtest
        try backtest.validate()
        try method.validate()
        try model?.validate()
        if method.asOf != nil, method.asOf != backtest.cut {
            throw OptionsError(option: "asOf", requirement: "unset in a backtest, which runs the method at its cut")
        }
        if model != nil, backtest.scores == [.overdueRatio] { backtest.scores = BacktestScore.allCases }
        if model == nil, let score = backtest.scores.first(where: \.needsModel) {
            throw OptionsError(option: "scores", requirement: "without \(score.rawValue), or with the model of "
                + "SPEC §14 to fit at the cut")
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
        let histories = groupedHistories(through: until.daysSince1970, threads: threads, releasingFrom: threshold)
        // Service mode as `analyze` chooses it (SPEC §13): the backtest then judges each
        // client × service pair by its own status at the cut, and a pair returned when the
        // client bought that service again in the holdout. The sweep works from each pair's
        // recency and cycle, which do not depend on the factor either.
        if options.cycles == nil { options.cycles = hasCategoryColumn ? .service : .client }
        let modelOptions = model.map { ModelForecast.options($0, for: options) }
        var atCut = Classifier(options: options, grid: grid, threads: threads, cycles: options.cycles!,
                               model: modelOptions)
            .classify(histories, names: Analysis.Names(clients: clients, managers: managers,
                                                       categories: categories ?? ByteStrings()),
                      scale: scale, lines: lines, rowsRead: rowsRead, accepted: acceptedCount)
        atCut.threads = threads
        guard !atCut.clients.isEmpty else {
            throw AnalysisError(description: "no client has a purchase day on or before the cut \(backtest.cut): "
                + "choose a later --cut")
        }
        let pass = HoldoutPass(cut: backtest.cut.daysSince1970, threads: threads)
        let (outcomes, throughCut) = pass.outcomes(histories)
        let fitted = try modelOptions.map { options throws(ModelFitError) in
            try BacktestModel(atCut, options: options, holdoutDays: until - backtest.cut, outcomes: outcomes)
        }
        let (judged, judgedOutcomes, newInHoldout) = Self.judged(atCut, outcomes: outcomes, histories: histories,
                                                                 pass: pass, byService: options.cycles == .service)
        let evaluation = BacktestEvaluation(options: options, backtest: backtest, records: judged,
                                            outcomes: judgedOutcomes, model: fitted)
        let rows = BacktestRows(rowsRead: rowsRead, accepted: acceptedCount, throughCut: throughCut,
                                inHoldout: histories.rowCount - throughCut, newInHoldout: newInHoldout)
        return Backtest(
            cut: backtest.cut, until: until, scale: scale, options: options, backtestOptions: evaluation.backtest,
            rows: rows, populationCycleDays: atCut.populationCycleDays, cycles: options.cycles!,
            clients: judged.count, returned: evaluation.returned, statuses: evaluation.statuses,
            tiers: evaluation.tiers, lost: evaluation.lost, atRiskOrLost: evaluation.atRiskOrLost,
            sweep: evaluation.sweep, recommendedLostFactor: evaluation.recommendedLostFactor,
            scores: evaluation.scores, model: fitted)
    }

    /// What the backtest judges, each with its holdout, and how many are new in the holdout:
    /// the clients classified at the cut, or in service mode (SPEC §13) their pairs, a pair's
    /// holdout being the client's rows of that service after the cut.
    private static func judged(_ atCut: Analysis, outcomes: [HoldoutOutcome], histories: ClientHistories,
                               pass: HoldoutPass, byService: Bool)
        -> (records: [ClientRecord], outcomes: [HoldoutOutcome], newInHoldout: Int)
    {
        var newInHoldout = 0
        guard byService, let pairs = atCut.pairs else {
            let records = atCut.clients.records
            var classified = [Bool](repeating: false, count: outcomes.count)
            for record in records { classified[Int(record.client)] = true }
            for (client, outcome) in outcomes.enumerated() where outcome.returned && !classified[client] {
                newInHoldout += 1
            }
            return (records, records.map { outcomes[Int($0.client)] }, newInHoldout)
        }
        let holdouts = pass.pairOutcomes(histories)
        // A pair is new in the holdout when it bought there and had no purchase day by the cut.
        for client in 0..<histories.clientCount {
            let judgedPairs = pairs.pairs(of: client)
            for position in holdouts.starts[client]..<holdouts.starts[client + 1]
            where holdouts.outcomes[position].returned
                && !judgedPairs.contains(where: { pairs.records[$0].service == holdouts.services[position] }) {
                newInHoldout += 1
            }
        }
        let judgedOutcomes = pairs.records.map { holdouts.outcome(client: Int($0.client), service: $0.service) }
        return (pairs.records, judgedOutcomes, newInHoldout)
    }
}
