/// The backtest as one self-contained page, like the report's (its CSS,
/// escaping and tables): the precision-recall sweep of the lost factor with
/// the current and recommended factors marked, the share returned by status
/// and by tier as bars, and the tables. No script, nothing from the network.
///
/// Charts carry `data-chart` names (`pr-sweep`, `returned-by-status`,
/// `returned-by-tier`); the sweep's points are `circle.point` with a
/// `data-factor`, the marked ones also `current` and `recommended`.
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
            ("clients at the cut", String(backtest.clients)),
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
        html += "<div class=\"pair\">\n" + returnedBars(backtest, byTier: false) + "\n"
            + returnedBars(backtest, byTier: true) + "\n</div>\n"
        html += returned.tables.map(ReportHTML.table).joined() + "</section>\n"

        let sweep = sections[Titles.sweep]!
        html += "<section id=\"sweep\">\n<h2>\(ReportHTML.escape(sweep.title))</h2>\n"
        html += ReportHTML.paragraphs(sweep.lines)
        html += SweepChart(backtest).svg + "\n"
        html += sweep.tables.map(ReportHTML.table).joined() + "</section>\n"

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
        let labels = byTier ? (1...4).map { "tier \($0) \(WinBackTier(rawValue: $0)!.meaning)" }
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
    svg .point.current{fill:var(--loss)}
    svg .ring{fill:none;stroke-width:2}
    svg .ring.current{stroke:var(--loss)}
    svg .ring.recommended{stroke:#2e7d4f;stroke-dasharray:3 2}
    svg .target{stroke:#2e7d4f;stroke-width:1.2;stroke-dasharray:6 4}
    svg[data-chart=pr-sweep]{max-width:660px}
    """
}

/// Precision against recall of "lost" at each factor of the sweep: one point
/// per factor (factors that give the same figures share a point and a label),
/// the target precision as a dashed line, the current factor filled red and
/// ringed, the recommended one ringed green.
struct SweepChart {
    let backtest: Backtest

    init(_ backtest: Backtest) {
        self.backtest = backtest
    }

    var svg: String {
        let width = 440.0, height = 290.0, left = 44.0, right = 16.0, top = 28.0, bottom = 58.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ value: Double) -> Double { left + value * plotWidth }
        func y(_ value: Double) -> Double { top + (1 - value) * plotHeight }
        var svg = SVG.open(width: width, height: height, chart: "pr-sweep",
                           label: "Precision against recall of \"lost\" for each lost factor of the sweep")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line class=\"grid\" x1=\"\(SVG.number(x(0)))\" y1=\"\(SVG.number(y(tick)))\" x2=\"\(SVG.number(x(1)))\" y2=\"\(SVG.number(y(tick)))\"/>"
            svg += "<text x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick * 100))%</text>"
            let anchor = tick == 1 ? "end" : tick == 0 ? "start" : "middle"
            svg += "<text x=\"\(SVG.number(x(tick)))\" y=\"\(SVG.number(top + plotHeight + 16))\" text-anchor=\"\(anchor)\">\(Int(tick * 100))%</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVG.number(x(0)))\" y1=\"\(SVG.number(y(0)))\" x2=\"\(SVG.number(x(1)))\" y2=\"\(SVG.number(y(0)))\"/>"
        svg += "<line class=\"axis\" x1=\"\(SVG.number(x(0)))\" y1=\"\(SVG.number(y(0)))\" x2=\"\(SVG.number(x(0)))\" y2=\"\(SVG.number(y(1)))\"/>"
        svg += "<text x=\"\(SVG.number(x(0.5)))\" y=\"\(SVG.number(top + plotHeight + 32))\" text-anchor=\"middle\" class=\"muted\">recall: share of those who stayed away called lost</text>"
        svg += "<text x=\"\(SVG.number(left))\" y=\"\(SVG.number(top - 8))\" class=\"muted\">precision: share of \"lost\" that stayed away</text>"

        let target = backtest.backtestOptions.targetPrecision
        svg += "<line class=\"target\" x1=\"\(SVG.number(x(0)))\" y1=\"\(SVG.number(y(target)))\" x2=\"\(SVG.number(x(1)))\" y2=\"\(SVG.number(y(target)))\"/>"

        // Points with a defined precision and recall, factors of equal figures together.
        var groups: [(recall: Double, precision: Double, rows: [SweepRow])] = []
        for row in backtest.sweep {
            guard let precision = row.prediction.precision, let recall = row.prediction.recall else { continue }
            if let index = groups.firstIndex(where: { $0.recall == recall && $0.precision == precision }) {
                groups[index].rows.append(row)
            } else {
                groups.append((recall, precision, [row]))
            }
        }
        let path = groups.map { "\(SVG.number(x($0.recall))),\(SVG.number(y($0.precision)))" }.joined(separator: " ")
        if groups.count > 1 { svg += "<polyline class=\"curve\" points=\"\(path)\"/>" }
        for group in groups {
            let cx = SVG.number(x(group.recall)), cy = SVG.number(y(group.precision))
            let factors = group.rows.map { Spelling.days($0.lostFactor) }
            let label = factors.count > 2 ? "\(factors.first!)–\(factors.last!)" : factors.joined(separator: ", ")
            let isCurrent = group.rows.contains(where: \.isCurrent)
            let isRecommended = group.rows.contains { $0.lostFactor == backtest.recommendedLostFactor }
            let tooltip = "lost factor \(factors.joined(separator: ", ")): precision \(Spelling.percent(group.precision)), "
                + "recall \(Spelling.percent(group.recall))"
            for row in group.rows {
                var classes = "point"
                if row.isCurrent { classes += " current" }
                if row.lostFactor == backtest.recommendedLostFactor { classes += " recommended" }
                svg += "<circle class=\"\(classes)\" data-factor=\"\(Spelling.days(row.lostFactor))\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"3.5\"><title>\(ReportHTML.escape(tooltip))</title></circle>"
            }
            if isCurrent { svg += "<circle class=\"ring current\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"7\"/>" }
            if isRecommended { svg += "<circle class=\"ring recommended\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"10\"/>" }
            // The label right of the point, or left of it near the right edge; below it near the top.
            let labelWidth = TextWidth.estimate(label, fontSize: 12)
            let toLeft = x(group.recall) + 12 + labelWidth > width - 2
            let labelX = toLeft ? x(group.recall) - 12 : x(group.recall) + 12
            let labelY = group.precision > 0.95 ? y(group.precision) + 16 : y(group.precision) - 6
            svg += "<text class=\"fig\" x=\"\(SVG.number(labelX))\" y=\"\(SVG.number(labelY))\" text-anchor=\"\(toLeft ? "end" : "start")\">\(ReportHTML.escape(label))</text>"
        }
        // The legend, under the axis title.
        var legend = "dashed: target precision \(Spelling.percent(target))"
        if let current = backtest.sweep.first(where: \.isCurrent) {
            legend += " · red: current \(Spelling.days(current.lostFactor))"
        }
        if let recommended = backtest.recommendedLostFactor { legend += " · green ring: recommended \(Spelling.days(recommended))" }
        svg += "<text class=\"muted\" x=\"\(SVG.number(left))\" y=\"\(SVG.number(height - 6))\">\(ReportHTML.escape(legend))</text>"
        return svg + "</svg>"
    }
}
