/// The backtest as one self-contained page, like the report's (its CSS,
/// escaping and tables): the precision-recall sweep of the lost factor with
/// the current and recommended factors marked, the share returned by status
/// and by tier as bars, and the tables. No script, nothing from the network.
///
/// Charts carry `data-chart` names (`pr-sweep`, `returned-by-status`,
/// `returned-by-tier`, and with the model `calibration`); the sweep's points
/// are `circle.point.precision` and `circle.point.recall` with a
/// `data-factor`, the marked factor's also `current` or `recommended`, and
/// each marked factor has a `line.marker`. The calibration chart's points are
/// `circle.point.predicted` and `circle.point.actual` with a `data-x`.
enum BacktestHTML {
    static func page(_ backtest: Backtest) -> String {
        let document = ReportDocument(backtest)
        let sections = Dictionary(uniqueKeysWithValues: document.sections.map { ($0.title, $0) })
        typealias Titles = ReportDocument.BacktestSection
        var html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Backtest, cut \(backtest.cut)</title>
        <style>\(ReportHTML.style)\n\(style)</style>
        </head>
        <body>
        <header>
        <h1>\(ReportHTML.escape(document.title))</h1>
        <p class="subtitle">\(ReportHTML.withFigures(document.subtitle))</p>
        <div class="tiles">

        """
        let tiles: [(String, String)] = [
            (backtest.cycles == .service ? "pairs at the cut" : "clients at the cut", String(backtest.clients)),
            ("returned", Spelling.rate(ReportDocument.ratio(backtest.returned, backtest.clients))),
            ("\"lost\" right (precision)", Spelling.rate(backtest.lost.precision)),
            ("stayed away, caught (recall)", Spelling.rate(backtest.lost.recall)),
            ("recommended lost factor", backtest.recommendedLostFactor.map { Spelling.days($0) } ?? "none"),
        ] + backtest.scores.map {
            ("AUC of \($0.score.rawValue)", $0.auc.map { ReportDocument.fixed($0, digits: 3) } ?? "undefined")
        }
        for (label, value) in tiles {
            html += "<div class=\"tile\"><span class=\"value\">\(ReportHTML.escape(value))</span>"
                + "<span class=\"label\">\(ReportHTML.escape(label))</span></div>\n"
        }
        html += "</div>\n</header>\n<main>\n"

        let returned = sections[Titles.returned]!
        html += "<section id=\"returned\">\n<h2>\(ReportHTML.escape(returned.title))</h2>\n"
        html += ReportHTML.paragraphs(returned.lines)
        html += returnedBars(backtest, byTier: false) + "\n" + returnedBars(backtest, byTier: true) + "\n"
        html += returned.tables.map(ReportHTML.table).joined() + "</section>\n"

        let sweep = sections[Titles.sweep]!
        html += "<section id=\"sweep\">\n<h2>\(ReportHTML.escape(sweep.title))</h2>\n"
        html += ReportHTML.paragraphs(sweep.lines)
        html += SweepChart(backtest).svg + "\n"
        html += sweep.tables.map(ReportHTML.table).joined() + "</section>\n"

        if let calibration = sections[Titles.calibration], let model = backtest.model {
            html += "<section id=\"calibration\">\n<h2>\(ReportHTML.escape(calibration.title))</h2>\n"
            html += ReportHTML.paragraphs(calibration.lines)
            html += CalibrationChart(model).svg + "\n"
            html += calibration.tables.map(ReportHTML.table).joined() + "</section>\n"
        }
        for (id, title) in [("prediction", Titles.prediction), ("scores", Titles.scores), ("data", Titles.data)] {
            let section = sections[title]!
            html += "<section id=\"\(id)\">\n<h2>\(ReportHTML.escape(section.title))</h2>\n"
            html += ReportHTML.paragraphs(section.lines) + section.tables.map(ReportHTML.table).joined() + "</section>\n"
        }
        html += "</main>\n<footer>Made by abcxyz. How to read this page and choose the factor: docs/backtest.md."
            + "</footer>\n</body>\n</html>\n"
        return html
    }

    /// The share returned of each status, or of each tier, on a 0–100 % scale.
    static func returnedBars(_ backtest: Backtest, byTier: Bool) -> String {
        let groups = byTier ? backtest.tiers : backtest.statuses
        let labels = byTier ? (1...4).map { "\($0) \(WinBackTier(rawValue: $0)!.meaning)" }
            : ClientStatus.allCases.map(\.rawValue)
        let rows = zip(labels, groups).map { label, group in
            (label: label, value: group.share ?? -1,
             text: group.share.map { "\(Spelling.percent($0)) of \(group.clients)" })
        }
        return BarChart.bars(rows, chart: byTier ? "returned-by-tier" : "returned-by-status",
                               label: byTier ? "Share returned in the holdout by win-back tier at the cut"
                                   : "Share returned in the holdout by status at the cut",
                               kind: "returned", scaleTo: 1)
    }

    /// Bar colour, the sweep's marks and its legend, on top of the report's CSS.
    static let style = """
    svg .bar.returned{fill:#2e7d4f}
    svg .line{fill:none;stroke-width:2}
    svg .line.precision{stroke:var(--a)}
    svg .line.recall{stroke:#d08a1e}
    svg .point.precision{fill:var(--a)}
    svg .point.recall{fill:#d08a1e}
    svg .target{stroke:var(--muted);stroke-width:1.2;stroke-dasharray:6 4}
    svg .marker{stroke-width:2}
    svg .marker.current{stroke:var(--loss)}
    svg .marker.recommended{stroke:#2e7d4f;stroke-dasharray:4 3}
    svg text.current{fill:var(--loss)}
    svg text.recommended{fill:#2e7d4f}
    svg[data-chart=pr-sweep]{max-width:660px}
    svg .line.predicted{stroke:var(--a);stroke-dasharray:6 3}
    svg .line.actual{stroke:#2e7d4f}
    svg .point.predicted{fill:var(--a)}
    svg .point.actual{fill:#2e7d4f}
    svg[data-chart=calibration]{max-width:660px}
    """
}

/// Precision and recall of "lost" at each factor of the sweep, the factors
/// evenly spaced along the bottom: the precision line climbs and the recall
/// line falls as the factor grows. The target precision is a dashed line; the
/// current factor and the recommended one are marked by vertical lines with
/// their names on top. A factor that calls nobody lost has no precision point.
struct SweepChart {
    let backtest: Backtest

    init(_ backtest: Backtest) {
        self.backtest = backtest
    }

    var svg: String {
        let rows = backtest.sweep
        let width = 460.0, left = 44.0, right = 16.0, top = 30.0, plotHeight = 190.0
        let plotWidth = width - left - right
        let step = plotWidth / Double(max(rows.count, 1))
        func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * step }
        func y(_ value: Double) -> Double { top + (1 - value) * plotHeight }
        let target = backtest.backtestOptions.targetPrecision
        let current = rows.first(where: \.isCurrent)?.lostFactor
        let recommended = backtest.recommendedLostFactor

        // The legend under the axis, in as many rows as its items need.
        var items: [(mark: String, text: String)] = [
            ("precision", "precision: share of \"lost\" that stayed away"),
            ("recall", "recall: share of those who stayed away called lost"),
            ("target", "target precision \(Spelling.percent(target))"),
        ]
        if let current { items.append(("current", "current factor \(Spelling.days(current))")) }
        if let recommended { items.append(("recommended", "recommended \(Spelling.days(recommended))")) }
        var legendRows: [[(mark: String, text: String, x: Double)]] = [[]]
        var cursor = left
        for item in items {
            let itemWidth = 22 + TextWidth.estimate(item.text, fontSize: 12) + 14
            if cursor + itemWidth > width - 4, !legendRows[legendRows.count - 1].isEmpty {
                legendRows.append([])
                cursor = left
            }
            legendRows[legendRows.count - 1].append((item.mark, item.text, cursor))
            cursor += itemWidth
        }
        let axisBottom = top + plotHeight
        let height = axisBottom + 40 + Double(legendRows.count) * 18

        var svg = SVG.open(width: width, height: height, chart: "pr-sweep",
                           label: "Precision and recall of \"lost\" at each lost factor of the sweep")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line class=\"grid\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(tick)))\" x2=\"\(SVG.number(width - right))\" y2=\"\(SVG.number(y(tick)))\"/>"
            svg += "<text x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick * 100))%</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(axisBottom))\" x2=\"\(SVG.number(width - right))\" y2=\"\(SVG.number(axisBottom))\"/>"
        svg += "<line class=\"axis\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(axisBottom))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(top))\"/>"
        // The marked factors first, so the lines and points are drawn over them.
        var marks: [(factor: Double, name: String, kind: String)] = []
        if let current { marks.append((current, current == recommended ? "current, recommended" : "current", "current")) }
        if let recommended, recommended != current { marks.append((recommended, "recommended", "recommended")) }
        for mark in marks {
            guard let index = rows.firstIndex(where: { $0.lostFactor == mark.factor }) else { continue }
            let labelWidth = TextWidth.estimate(mark.name, fontSize: 12)
            let anchor = x(index) - labelWidth / 2 < 2 ? "start" : x(index) + labelWidth / 2 > width - 2 ? "end" : "middle"
            svg += "<line class=\"marker \(mark.kind)\" data-factor=\"\(Spelling.days(mark.factor))\" x1=\"\(SVG.number(x(index)))\" y1=\"\(SVG.number(top - 4))\" x2=\"\(SVG.number(x(index)))\" y2=\"\(SVG.number(axisBottom))\"/>"
            svg += "<text class=\"fig \(mark.kind)\" x=\"\(SVG.number(x(index)))\" y=\"\(SVG.number(top - 10))\" text-anchor=\"\(anchor)\">\(ReportHTML.escape(mark.name))</text>"
        }
        svg += "<line class=\"target\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(target)))\" x2=\"\(SVG.number(width - right))\" y2=\"\(SVG.number(y(target)))\"/>"
        for (kind, value) in [("precision", \PredictionFigures.precision), ("recall", \PredictionFigures.recall)] {
            let points = rows.indices.compactMap { index in
                rows[index].prediction[keyPath: value].map { (index, $0) }
            }
            let path = points.map { "\(SVG.number(x($0.0))),\(SVG.number(y($0.1)))" }.joined(separator: " ")
            if points.count > 1 { svg += "<polyline class=\"line \(kind)\" points=\"\(path)\"/>" }
            for (index, rate) in points {
                let row = rows[index]
                var classes = "point \(kind)"
                if row.isCurrent { classes += " current" }
                if row.lostFactor == recommended { classes += " recommended" }
                let tooltip = "lost factor \(Spelling.days(row.lostFactor)): \(row.prediction.count) lost, \(kind) "
                    + Spelling.percent(rate)
                svg += "<circle class=\"\(classes)\" data-factor=\"\(Spelling.days(row.lostFactor))\" cx=\"\(SVG.number(x(index)))\" cy=\"\(SVG.number(y(rate)))\" r=\"3.5\"><title>\(ReportHTML.escape(tooltip))</title></circle>"
            }
        }
        for (index, row) in rows.enumerated() {
            svg += "<text class=\"fig\" x=\"\(SVG.number(x(index)))\" y=\"\(SVG.number(axisBottom + 16))\" text-anchor=\"middle\">\(Spelling.days(row.lostFactor))</text>"
        }
        svg += "<text class=\"muted\" x=\"\(SVG.number(left + plotWidth / 2))\" y=\"\(SVG.number(axisBottom + 32))\" text-anchor=\"middle\">lost factor l: lost once more than l cycles overdue</text>"
        for (row, entries) in legendRows.enumerated() {
            let baseline = axisBottom + 52 + Double(row) * 18
            for entry in entries {
                let middle = baseline - 4
                switch entry.mark {
                case "precision", "recall":
                    svg += "<line class=\"line \(entry.mark)\" x1=\"\(SVG.number(entry.x))\" y1=\"\(SVG.number(middle))\" x2=\"\(SVG.number(entry.x + 16))\" y2=\"\(SVG.number(middle))\"/>"
                case "target":
                    svg += "<line class=\"target\" x1=\"\(SVG.number(entry.x))\" y1=\"\(SVG.number(middle))\" x2=\"\(SVG.number(entry.x + 16))\" y2=\"\(SVG.number(middle))\"/>"
                default:
                    svg += "<line class=\"marker \(entry.mark)\" x1=\"\(SVG.number(entry.x + 8))\" y1=\"\(SVG.number(middle - 7))\" x2=\"\(SVG.number(entry.x + 8))\" y2=\"\(SVG.number(middle + 7))\"/>"
                }
                svg += "<text class=\"muted\" x=\"\(SVG.number(entry.x + 22))\" y=\"\(SVG.number(baseline))\">\(ReportHTML.escape(entry.text))</text>"
            }
        }
        return svg + "</svg>"
    }
}

/// The classic calibration chart of a buy-till-you-die model (SPEC §15): for
/// the clients with x = 0, 1, …, 6 and 7 or more repeat occasions at the cut,
/// the occasions the model expected of them in the holdout (dashed) and those
/// they had (solid), on one scale from 0 to the largest of either.
struct CalibrationChart {
    let model: BacktestModel

    init(_ model: BacktestModel) {
        self.model = model
    }

    var svg: String {
        let rows = model.calibration
        let width = 460.0, left = 52.0, right = 16.0, top = 16.0, plotHeight = 190.0
        let plotWidth = width - left - right
        let step = plotWidth / Double(max(rows.count, 1))
        func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * step }
        // An undefined prediction (a fit at the edge of its range) has no point.
        let largest = rows.map { max($0.predicted ?? 0, Double($0.actual)) }.max() ?? 0
        let ticks = Self.ticks(upTo: largest)
        let top_ = ticks.last ?? 1
        func y(_ value: Double) -> Double { top + (1 - value / top_) * plotHeight }
        let axisBottom = top + plotHeight
        let height = axisBottom + 40 + 18
        var svg = SVG.open(width: width, height: height, chart: "calibration",
                           label: "Occasions in the holdout, predicted by the model against actual, "
                               + "by repeat occasions at the cut")
        for tick in ticks {
            svg += "<line class=\"grid\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(tick)))\" x2=\"\(SVG.number(width - right))\" y2=\"\(SVG.number(y(tick)))\"/>"
            svg += "<text x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(y(tick) + 4))\" text-anchor=\"end\">\(Spelling.days(tick))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(axisBottom))\" x2=\"\(SVG.number(width - right))\" y2=\"\(SVG.number(axisBottom))\"/>"
        svg += "<line class=\"axis\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(axisBottom))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(top))\"/>"
        for kind in ["predicted", "actual"] {
            let values = rows.map { kind == "predicted" ? $0.predicted : Double($0.actual) }
            let points = values.indices.compactMap { index in values[index].map { (index, $0) } }
            let path = points.map { "\(SVG.number(x($0.0))),\(SVG.number(y($0.1)))" }.joined(separator: " ")
            if points.count > 1 { svg += "<polyline class=\"line \(kind)\" points=\"\(path)\"/>" }
            for (index, value) in points {
                let row = rows[index]
                let tooltip = "x = \(row.label) (\(ReportDocument.clients(row.clients))): \(kind) "
                    + (kind == "predicted" ? ReportDocument.fixed(value, digits: 1) : String(row.actual))
                svg += "<circle class=\"point \(kind)\" data-x=\"\(row.label)\" cx=\"\(SVG.number(x(index)))\" cy=\"\(SVG.number(y(value)))\" r=\"3.5\"><title>\(ReportHTML.escape(tooltip))</title></circle>"
            }
        }
        for (index, row) in rows.enumerated() {
            svg += "<text class=\"fig\" x=\"\(SVG.number(x(index)))\" y=\"\(SVG.number(axisBottom + 16))\" text-anchor=\"middle\">\(row.label)</text>"
        }
        svg += "<text class=\"muted\" x=\"\(SVG.number(left + plotWidth / 2))\" y=\"\(SVG.number(axisBottom + 32))\" text-anchor=\"middle\">repeat occasions x at the cut</text>"
        let baseline = axisBottom + 52
        var cursor = left
        for (kind, text) in [("predicted", "predicted by the model"), ("actual", "actual, in the holdout")] {
            svg += "<line class=\"line \(kind)\" x1=\"\(SVG.number(cursor))\" y1=\"\(SVG.number(baseline - 4))\" x2=\"\(SVG.number(cursor + 16))\" y2=\"\(SVG.number(baseline - 4))\"/>"
            svg += "<text class=\"muted\" x=\"\(SVG.number(cursor + 22))\" y=\"\(SVG.number(baseline))\">\(ReportHTML.escape(text))</text>"
            cursor += 22 + TextWidth.estimate(text, fontSize: 12) + 14
        }
        return svg + "</svg>"
    }

    /// 0 and four or five round steps (1, 2 or 5 × 10^k) up to at least `largest`.
    static func ticks(upTo largest: Double) -> [Double] {
        guard largest > 0, largest.isFinite else { return [0, 1] }
        var magnitude = 1.0
        while magnitude * 10 <= largest / 4 { magnitude *= 10 }
        while magnitude > largest / 4 && magnitude > 1e-9 { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 * 5 >= largest } ?? 10 * magnitude
        var ticks: [Double] = [0]
        while ticks.last! < largest { ticks.append(ticks.last! + step) }
        return ticks
    }
}
