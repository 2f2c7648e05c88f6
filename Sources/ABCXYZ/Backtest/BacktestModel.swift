/// The probabilistic model of SPEC §14 fitted at a backtest's cut (`backtest
/// --model`): the fit, and what it said about each client classified at the
/// cut (P(alive) at the cut, expected occasions in the holdout), held against
/// the occasions the clients really had there (SPEC §15).
///
/// ```swift
/// var model = ModelOptions()
/// model.occasions = .transactionDays
/// let backtest = try table.backtest(BacktestOptions(cut: Day(iso: "1997-09-30")!), model: model)
/// for row in backtest.model!.calibration { print(row.label, row.predicted, row.actual) }
/// ```
public struct BacktestModel: Sendable {
    /// The options the model ran with: as-of is the cut.
    public let options: ModelOptions
    /// The fit on the rows dated on or before the cut: the same as `abcxyz model --as-of CUT`.
    public let fit: PurchaseModelFit
    /// The holdout's length in the model's unit: what `expected_purchases` is counted over.
    public let holdoutLength: Double
    /// The classic calibration chart: the clients classified at the cut by their
    /// repeat occasions x there (0, 1, …, 6, then 7 or more).
    public let calibration: [CalibrationRow]
    /// All the clients classified at the cut: the sum of ``calibration``.
    public let calibrationTotal: CalibrationRow
    /// By client number: P(alive) at the cut, NaN for a client without an occasion by then.
    let probabilityAlive: [Double]
    /// By client number: expected occasions in the holdout, NaN without an occasion by then.
    let expectedPurchases: [Double]
}

/// One bar pair of the calibration chart: clients with the same repeat
/// occasions x at the cut, the occasions the model expected of them in the
/// holdout and those they had.
public struct CalibrationRow: Hashable, Sendable {
    /// Repeat occasions at the cut: 0…6; 7 means 7 or more; `nil` for the total.
    public var x: Int?
    /// Clients classified at the cut with this x.
    public var clients = 0
    /// Σ E[occasions in (cut, until]] over them (SPEC §14); `nil` (undefined) when the fitted
    /// model gives no finite expectation for one of them (a fit at the edge of its range).
    public var predicted: Double? = 0
    /// Σ occasions in the holdout, counted as the model counts them (`--occasions`).
    public var actual = 0

    /// The highest x of its own; above it the clients share one row, "7+".
    public static let openFrom = 7

    /// `0`…`6`, `7+`, or `total`.
    public var label: String {
        guard let x else { return "total" }
        return x >= Self.openFrom ? "\(Self.openFrom)+" : String(x)
    }
}

extension BacktestModel {
    /// Fits the model to the summary the classifier tallied at the cut and scores
    /// the classified clients.
    /// - Parameters:
    ///   - atCut: the classification at the cut, run with the model's occasions tallied.
    ///   - holdoutDays: `until − cut`.
    ///   - outcomes: every client's holdout, by client number.
    /// - Throws: ``ModelFitError`` when the fit cannot be made.
    init(_ atCut: Analysis, options: ModelOptions, holdoutDays: Int, outcomes: [HoldoutOutcome]) throws(ModelFitError) {
        let pass = atCut.passSummary!
        let summary = pass.summary
        let threads = atCut.threads
        let fit = try PurchaseModelFit(options.model, summary.groups, penalizer: options.penalizer, threads: threads)
        let model = fit.model
        let length = Double(holdoutDays) / options.unit.days
        let groups = summary.groups
        let ranges = Parallel.ranges(groups.count, parts: max(1, threads * 8))
        let perGroup = Parallel.map(ranges.count, threads: threads) { part in
            groups[ranges[part]].map { group in
                (alive: model.probabilityAlive(x: group.x, tx: group.tx, T: group.T),
                 expected: model.expectedPurchases(within: length, x: group.x, tx: group.tx, T: group.T))
            }
        }.flatMap { $0 }
        var alive = [Double](repeating: .nan, count: pass.rowOfClient.count)
        var expected = alive
        for (client, row) in pass.rowOfClient.enumerated() where row >= 0 {
            let figures = perGroup[summary.clients[Int(row)].group]
            alive[client] = figures.alive
            expected[client] = figures.expected
        }
        // The calibration chart over the clients classified at the cut, summed in
        // client-number (id) order, whatever order the classification lists them in.
        var classified = [Bool](repeating: false, count: pass.rowOfClient.count)
        for record in atCut.clients.records { classified[Int(record.client)] = true }
        var rows = (0...CalibrationRow.openFrom).map { CalibrationRow(x: $0) }
        var total = CalibrationRow(x: nil)
        for client in classified.indices where classified[client] {
            let row = pass.rowOfClient[client]
            guard row >= 0 else { continue }  // a purchase day is an occasion of either kind: never taken
            let x = summary.clients[Int(row)].x
            let actual = outcomes[client].occasions(options.occasions)
            for index in [min(x, CalibrationRow.openFrom), rows.count] {
                var row = index < rows.count ? rows[index] : total
                row.clients += 1
                row.predicted = row.predicted.flatMap { sum in
                    expected[client].isFinite ? sum + expected[client] : nil
                }
                row.actual += actual
                if index < rows.count { rows[index] = row } else { total = row }
            }
        }
        self.options = options
        self.fit = fit
        holdoutLength = length
        calibration = rows
        calibrationTotal = total
        probabilityAlive = alive
        expectedPurchases = expected
    }
}
