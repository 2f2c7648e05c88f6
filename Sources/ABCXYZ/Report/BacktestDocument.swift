/// The backtest laid out for people (SPEC §15): sentences and tables with
/// every figure spelled, in the report's ``ReportDocument`` shape so the
/// terminal renders it as it renders the report, and the page reuses its tables.
extension ReportDocument {
    init(title: String, subtitle: String, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// Section titles the HTML page looks its sections up by.
    enum BacktestSection {
        static let returned = "Who came back"
        static let prediction = "\"Lost\" as a forecast"
        static let sweep = "Choosing the lost factor"
        static let scores = "Scores"
        static let calibration = "The model's calibration"
        static let data = "Data"
    }

    init(_ backtest: Backtest) {
        let money = { (value: Money) in Spelling.money(value, scale: backtest.scale) }
        let holdoutDays = backtest.until - backtest.cut
        self.init(title: "Backtest: how right the method was on its own past",
                  subtitle: "The method as of \(backtest.cut), held against what each client did from "
                      + "\(backtest.cut.addingDays(1)) to \(backtest.until) (\(holdoutDays) days)",
                  sections: [])

        var returned = Section(title: BacktestSection.returned)
        let stayed = backtest.clients - backtest.returned
        let pairs = backtest.cycles == .service
        let noun = pairs ? "pairs" : "clients"
        returned.lines = pairs ? [
            "\(Self.pairs(backtest.clients)) (client × service) judged at the cut, each service by its own cycle: "
                + "\(backtest.returned) bought that service again in the holdout "
                + "(\(Spelling.rate(Self.ratio(backtest.returned, backtest.clients)))), \(stayed) did not.",
            "Returned: a purchase day of the service (a day whose net for it is positive) in the holdout. Holdout "
                + "revenue: the pair's net sum there. Every count on this page is of pairs.",
        ] : [
            "\(ReportDocument.clients(backtest.clients)) classified at the cut: \(backtest.returned) bought again in "
                + "the holdout (\(Spelling.rate(Self.ratio(backtest.returned, backtest.clients)))), \(stayed) did not.",
            "Returned: a purchase day (a day whose net is positive) in the holdout. Holdout revenue: the net sum there.",
        ]
        let headers = [noun, "returned", "share returned", "value lost at the cut", "holdout revenue"]
        let numeric = Array(repeating: true, count: headers.count)
        func cells(_ group: BacktestGroup) -> [String] {
            [String(group.clients), String(group.returned), Spelling.rate(group.share), money(group.ltvLoss),
             money(group.holdoutRevenue)]
        }
        var byStatus = Table(headers: ["status at the cut"] + headers, rows: [], numeric: [false] + numeric)
        for (status, group) in zip(ClientStatus.allCases, backtest.statuses) {
            byStatus.rows.append([status.rawValue] + cells(group))
        }
        var total = BacktestGroup()
        for group in backtest.statuses {
            total.clients += group.clients
            total.returned += group.returned
            total.ltvLoss = total.ltvLoss + group.ltvLoss
            total.holdoutRevenue = total.holdoutRevenue + group.holdoutRevenue
        }
        byStatus.rows.append(["all"] + cells(total))
        byStatus.totalRows = [3]
        var byTier = Table(headers: ["tier at the cut"] + headers, rows: [], numeric: [false] + numeric)
        for (index, group) in backtest.tiers.enumerated() {
            byTier.rows.append(["\(index + 1) \(WinBackTier(rawValue: index + 1)!.meaning)"] + cells(group))
        }
        returned.tables = [byStatus, byTier]

        var prediction = Section(title: BacktestSection.prediction)
        prediction.lines = [
            "A lost \(pairs ? "pair" : "client") is a forecast: it will not come back. Precision: of the \(noun) "
                + "called lost, the share that did not return. Recall: of the "
                + "\(pairs ? Self.pairs(stayed) : ReportDocument.clients(stayed)) that did not return, the share "
                + "called lost. F1: the harmonic mean of the two.",
            "Lost at the cut: \(backtest.lost.count), right about \(backtest.lost.hits): precision "
                + "\(Spelling.rate(backtest.lost.precision)), recall \(Spelling.rate(backtest.lost.recall)).",
        ]
        var predictions = Table(headers: ["forecast \"will not return\"", noun, "right", "precision", "recall", "F1"],
                                rows: [], numeric: [false, true, true, true, true, true])
        for (name, figures) in [("lost", backtest.lost), ("at-risk or lost", backtest.atRiskOrLost)] {
            predictions.rows.append([name] + Self.predictionCells(figures))
        }
        prediction.tables = [predictions]

        var sweep = Section(title: BacktestSection.sweep)
        let options = backtest.options
        let target = Spelling.percent(backtest.backtestOptions.targetPrecision)
        sweep.lines = [
            "A \(pairs ? "pair" : "client") is lost once it is more than l of its own cycles overdue (at risk from min(r, l), r = "
                + "\(Spelling.days(options.atRiskFactor))). A larger l calls fewer clients lost and is right more "
                + "often about them, but catches fewer of those who stay away.",
            backtest.recommendedLostFactor.map {
                "Recommended: --lost-factor \(Spelling.days($0)), the smallest factor whose precision reaches "
                    + "\(target) (now \(Spelling.days(options.lostFactor)))."
            } ?? "No factor of the sweep reaches a precision of \(target): \"lost\" is not that sure on these data "
                + "at any factor (now \(Spelling.days(options.lostFactor))).",
        ]
        var factors = Table(headers: ["lost factor", "lost", "right", "precision", "recall", "F1", ""], rows: [],
                            numeric: [true, true, true, true, true, true, false])
        for row in backtest.sweep {
            var marks: [String] = []
            if row.isCurrent { marks.append("current") }
            if row.lostFactor == backtest.recommendedLostFactor { marks.append("recommended") }
            factors.rows.append([Spelling.days(row.lostFactor)] + Self.predictionCells(row.prediction)
                + [marks.joined(separator: ", ")])
        }
        sweep.tables = [factors]

        var scores = Section(title: BacktestSection.scores)
        scores.lines = [
            "ROC AUC: the chance that a \(pairs ? "pair" : "client") that stayed away scores higher than one that "
                + "came back (ties count one half). 0.5 is a coin toss, 1 a perfect ranking.",
        ]
        if pairs, backtest.model != nil {
            scores.lines.append("The model knows clients, not services: each pair takes its client's model scores.")
        }
        var aucs = Table(headers: ["score", "what it is", "AUC"], rows: [], numeric: [false, false, true])
        for figures in backtest.scores {
            aucs.rows.append([figures.score.rawValue, Self.meaning(of: figures.score),
                              figures.auc.map { Self.fixed($0, digits: 3) } ?? "undefined"])
        }
        scores.tables = [aucs]

        var calibration: Section? = nil
        if let model = backtest.model {
            var section = Section(title: BacktestSection.calibration)
            let fit = model.fit
            let parameters = fit.parameters.map { "\($0.name) \(Self.fixedOrUndefined($0.value, digits: 4))" }
                .joined(separator: ", ")
            let unit = model.options.unit == .week ? "weeks" : "days"
            let total = model.calibrationTotal
            section.lines = [
                "\(fit.kind.title) fitted at the cut on the rows dated on or before it (\(parameters); "
                    + "log-likelihood \(Self.fixedOrUndefined(fit.logLikelihood, digits: 4))"
                    + "\(fit.converged ? "" : ", the optimiser did not converge")). Occasions: "
                    + "\(model.options.occasions == .purchaseDays ? "purchase days" : "days with a row").",
                "Predicted: the occasions the model expected in the holdout "
                    + "(\(Spelling.days((model.holdoutLength * 100).rounded() / 100)) \(unit)); actual: those the clients had. Of the "
                    + "\(ReportDocument.clients(total.clients)) classified at the cut, by their repeat occasions x "
                    + "there: \(total.predicted.map { Self.fixed($0, digits: 1) } ?? "undefined") predicted, "
                    + "\(total.actual) actual.",
            ]
            var table = Table(headers: ["x at the cut", "clients", "predicted", "actual"], rows: [],
                              numeric: [true, true, true, true])
            for row in model.calibration + [total] {
                table.rows.append([row.label, String(row.clients),
                                   row.predicted.map { Self.fixed($0, digits: 2) } ?? "undefined", String(row.actual)])
            }
            table.totalRows = [model.calibration.count]
            section.tables = [table]
            calibration = section
        }

        let rows = backtest.rows
        var data = Section(title: BacktestSection.data)
        data.lines = [
            "\(rows.rowsRead) rows read = \(rows.accepted) accepted + \(rows.rejected) rejected; \(rows.accepted) "
                + "accepted = \(rows.throughCut) up to the cut + \(rows.inHoldout) in the holdout + "
                + "\(rows.afterUntil) after it.",
            pairs ? "New pairs in the holdout (a client's first purchase of a service after the cut, in no figure "
                + "above): \(rows.newInHoldout)."
                : "New clients in the holdout (first purchase after the cut, in no figure above): \(rows.newInHoldout).",
            backtest.populationCycleDays.map { "Population purchase cycle at the cut: \(Spelling.days($0)) days." }
                ?? "No client had a purchase cycle of its own at the cut: the fallback cycle applied.",
        ]
        sections = [returned, prediction, sweep, scores] + (calibration.map { [$0] } ?? []) + [data]
    }

    static func pairs(_ count: Int) -> String {
        count == 1 ? "1 pair" : "\(count) pairs"
    }

    static func predictionCells(_ figures: PredictionFigures) -> [String] {
        [String(figures.count), String(figures.hits), Spelling.rate(figures.precision), Spelling.rate(figures.recall),
         Spelling.rate(figures.f1)]
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    static func fixed(_ value: Double, digits: Int) -> String {
        var bytes: [UInt8] = []
        DecimalText.appendFixed(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func fixedOrUndefined(_ value: Double, digits: Int) -> String {
        value.isFinite ? fixed(value, digits: digits) : "undefined"
    }

    static func meaning(of score: BacktestScore) -> String {
        switch score {
        case .overdueRatio: "recency / cycle at the cut"
        case .expectedPurchases: "− expected purchases in the holdout (model)"
        case .pAlive: "1 − P(alive) at the cut (model)"
        }
    }
}
