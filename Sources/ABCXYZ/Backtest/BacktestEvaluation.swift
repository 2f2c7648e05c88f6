/// SPEC §15's figures from the clients (or, in service mode, the client ×
/// service pairs) classified at the cut and their holdout outcomes: groups by
/// status and tier, the two predictions, the sweep of the lost factor and the
/// scores' AUC.
struct BacktestEvaluation {
    private(set) var backtest: BacktestOptions
    private(set) var returned = 0
    private(set) var statuses = [BacktestGroup](repeating: BacktestGroup(), count: 3)
    private(set) var tiers = [BacktestGroup](repeating: BacktestGroup(), count: 4)
    private(set) var lost = PredictionFigures(count: 0, hits: 0, notReturned: 0)
    private(set) var atRiskOrLost = PredictionFigures(count: 0, hits: 0, notReturned: 0)
    private(set) var sweep: [SweepRow] = []
    private(set) var recommendedLostFactor: Double?
    private(set) var scores: [ScoreFigures] = []

    /// - Parameters:
    ///   - records: what is judged: clients, or pairs in service mode (SPEC §13).
    ///   - outcomes: the holdout of each record, in the order of `records`.
    ///   - model: the model fitted at the cut, whose scores a record takes from its client.
    init(options: AnalysisOptions, backtest: BacktestOptions, records: [ClientRecord], outcomes: [HoldoutOutcome],
         model: BacktestModel?) {
        precondition(records.count == outcomes.count)
        self.backtest = backtest
        var notReturned = [Bool]()
        notReturned.reserveCapacity(records.count)
        for (record, outcome) in zip(records, outcomes) {
            notReturned.append(!outcome.returned)
            if outcome.returned { returned += 1 }
            func add(_ group: inout BacktestGroup) {
                group.clients += 1
                if outcome.returned { group.returned += 1 }
                group.ltvLoss = group.ltvLoss + Money(minorUnits: record.ltvLoss)
                group.holdoutRevenue = group.holdoutRevenue + Money(minorUnits: outcome.net)
            }
            add(&statuses[ClientStatus.allCases.firstIndex(of: record.status)!])
            if record.tier != 0 { add(&tiers[Int(record.tier) - 1]) }
        }
        let stayedAway = records.count - returned
        func prediction(_ predicted: (ClientRecord) -> Bool) -> PredictionFigures {
            var figures = PredictionFigures(count: 0, hits: 0, notReturned: stayedAway)
            for (index, record) in records.enumerated() where predicted(record) {
                figures.count += 1
                if notReturned[index] { figures.hits += 1 }
            }
            return figures
        }
        lost = prediction { $0.status == .lost }
        atRiskOrLost = prediction { $0.status != .active }

        // The sweep: only the statuses change with the factor, from each
        // client's recency and cycle at the cut (at-risk factor min(r, l)).
        var factors = backtest.lostFactors
        if !factors.contains(options.lostFactor) { factors.append(options.lostFactor) }
        factors = Array(Set(factors)).sorted()
        self.backtest.lostFactors = factors
        for factor in factors {
            var swept = options
            swept.lostFactor = factor
            swept.atRiskFactor = min(options.atRiskFactor, factor)
            let rule = StatusRule(swept)
            sweep.append(SweepRow(lostFactor: factor,
                                  prediction: prediction { rule.status(recency: $0.recency, cycle: $0.cycle) == .lost },
                                  isCurrent: factor == options.lostFactor))
        }
        recommendedLostFactor = sweep.first { row in
            row.prediction.precision.map { $0 >= backtest.targetPrecision } ?? false
        }?.lostFactor

        for score in backtest.scores {
            switch score {
            case .overdueRatio:
                let values = records.map { Double($0.recency) / $0.cycle }
                scores.append(ScoreFigures(score: score, auc: RankAUC.of(scores: values, positive: notReturned)))
            case .expectedPurchases:
                // Fewer expected occasions in the holdout: surer to stay away.
                let values = records.map { -model!.expectedPurchases[Int($0.client)] }
                scores.append(ScoreFigures(score: score, auc: RankAUC.of(scores: values, positive: notReturned)))
            case .pAlive:
                let values = records.map { 1 - model!.probabilityAlive[Int($0.client)] }
                scores.append(ScoreFigures(score: score, auc: RankAUC.of(scores: values, positive: notReturned)))
            }
        }
    }
}
