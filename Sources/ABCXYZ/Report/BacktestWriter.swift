/// How a backtest is printed.
public enum BacktestFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned text for a terminal.
    case table
    /// Every figure, with the keys of docs/backtest.md.
    case json
    /// One self-contained page: the precision-recall sweep and the shares returned, as SVG.
    case html
}

extension Backtest {
    /// Writes the backtest in a format.
    public func write(as format: BacktestFormat, to sink: inout some ByteSink) throws {
        var bytes = Array(text(as: format).utf8)
        try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }

    /// The backtest as text in a format.
    public func text(as format: BacktestFormat) -> String {
        switch format {
        case .table: ReportText.terminal(ReportDocument(self))
        case .json: BacktestJSON.text(self)
        case .html: BacktestHTML.page(self)
        }
    }
}

/// The backtest as JSON (SPEC §15): money as plain decimals with the data's
/// scale, rates with six decimals, `null` for a rate whose denominator is 0.
enum BacktestJSON {
    static func text(_ backtest: Backtest) -> String {
        let money = { (value: Money) in JSONBuilder.Value.raw(JSONBuilder.Raw(value.formatted(scale: backtest.scale))) }
        func rate(_ value: Double?) -> JSONBuilder.Value { value.map { .fraction($0) } ?? .null }
        func factor(_ value: Double) -> JSONBuilder.Value { .raw(JSONBuilder.Raw(Spelling.days(value))) }
        func group(_ key: (String, JSONBuilder.Value), _ figures: BacktestGroup) -> JSONBuilder.Value {
            .object([key, ("clients", .int(figures.clients)), ("returned", .int(figures.returned)),
                     ("share", rate(figures.share)), ("ltv_loss", money(figures.ltvLoss)),
                     ("holdout_revenue", money(figures.holdoutRevenue))])
        }
        func prediction(_ figures: PredictionFigures) -> [(String, JSONBuilder.Value)] {
            [("count", .int(figures.count)), ("precision", rate(figures.precision)),
             ("recall", rate(figures.recall)), ("f1", rate(figures.f1))]
        }
        var json = JSONBuilder()
        json.object {
            $0["cut"] = .string(backtest.cut.description)
            $0["until"] = .string(backtest.until.description)
            $0["clients"] = .int(backtest.clients)
            $0["returned"] = .int(backtest.returned)
            $0["statuses"] = .array(zip(ClientStatus.allCases, backtest.statuses).map {
                group(("status", .string($0.0.rawValue)), $0.1)
            })
            $0["tiers"] = .array(backtest.tiers.enumerated().map { group(("tier", .int($0.offset + 1)), $0.element) })
            $0["lost"] = .object(prediction(backtest.lost))
            $0["at_risk_or_lost"] = .object(prediction(backtest.atRiskOrLost))
            $0["sweep"] = .array(backtest.sweep.map { row in
                .object([("lost_factor", factor(row.lostFactor))] + prediction(row.prediction)
                    + [("current", .raw(JSONBuilder.Raw(row.isCurrent ? "true" : "false")))])
            })
            $0["recommended_lost_factor"] = backtest.recommendedLostFactor.map(factor) ?? .null
            $0["scores"] = .array(backtest.scores.map {
                .object([("score", .string($0.score.rawValue)), ("auc", rate($0.auc))])
            })
            if let model = backtest.model {
                // x as a number for 0…6, "7+" and "total" for the last two rows.
                $0["calibration"] = .array((model.calibration + [model.calibrationTotal]).map { row in
                    .object([("x", row.x.map { $0 < CalibrationRow.openFrom ? .int($0) : .string(row.label) }
                                ?? .string(row.label)),
                             ("clients", .int(row.clients)), ("predicted", rate(row.predicted)),
                             ("actual", .int(row.actual))])
                })
            }
        }
        return json.text
    }
}
