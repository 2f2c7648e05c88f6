/// The model's section of the HTML page (SPEC §14): the fit in sentences, a
/// histogram of P(alive) per status of the cycle rule, and bars of the expected
/// CLV by win-back tier and by ABC/XYZ cell, each chart before its table.
enum ReportModelHTML {
    static func section(_ report: Report, _ model: ReportModel, _ section: ReportDocument.Section,
                        paragraphs: ([String]) -> String, table: (ReportDocument.Table) -> String) -> String {
        var html = "<section id=\"model\">\n<h2>\(ReportHTML.escape(section.title))</h2>\n"
        html += paragraphs(section.lines)
        html += AliveHistogram(model).svg + "\n" + table(section.tables[0])
        html += clvByTier(model, scale: report.scale) + "\n" + table(section.tables[1])
        html += clvByCell(model, scale: report.scale) + "\n" + table(section.tables[2])
        return html + "</section>\n"
    }

    static func clvByTier(_ model: ReportModel, scale: Int) -> String {
        let groups = (1...4).map { ("\($0) \(WinBackTier(rawValue: $0)!.meaning)", model.clvByTier[$0 - 1]) }
            + [("active (no tier)", model.clvActive)]
        return BarChart.bars(rows(groups, scale: scale), chart: "clv-by-tier", label: "Expected CLV by win-back tier",
                             kind: "clv")
    }

    static func clvByCell(_ model: ReportModel, scale: Int) -> String {
        let groups = ABCClass.allCases.flatMap { abc in
            XYZClass.allCases.map { xyz in (abc.rawValue + xyz.rawValue, model.clvByCell[abc.index * 3 + xyz.index]) }
        }
        return BarChart.bars(rows(groups, scale: scale), chart: "clv-by-cell", label: "Expected CLV by ABC/XYZ cell",
                             kind: "clv")
    }

    /// A bar per group; none ("undefined") for a group without a CLV.
    private static func rows(_ groups: [(String, ReportModel.CLVFigures)], scale: Int)
        -> [(label: String, value: Double, text: String?)] {
        groups.map { name, figures in
            (label: name, value: figures.clv.map { Double($0.minorUnits) } ?? -1,
             text: figures.clv.map { Spelling.money($0, scale: scale) })
        }
    }
}

/// P(alive) in tenths, a group of three bars per tenth (active, at risk, lost),
/// heights in clients; the counts themselves are in the table below it.
struct AliveHistogram {
    let model: ReportModel

    init(_ model: ReportModel) {
        self.model = model
    }

    static let colours = ["#1f5fa8", "#d9922e", "#b8322a"]

    /// A count with groups of three, as the page prints them (`12 345`).
    static func count(_ value: Int) -> String {
        Spelling.money(minorUnits: Int64(value), scale: 0)
    }

    var svg: String {
        // The legend: a swatch and the status with its clients; the chart widens if it must.
        var legend = "", x = 8.0
        for (index, distribution) in model.aliveByStatus.enumerated() {
            let text = "\(distribution.status.rawValue) (\(Self.count(distribution.clients)))"
            legend += "<rect x=\"\(SVG.number(x))\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(Self.colours[index])\"/>"
            legend += "<text class=\"fig\" x=\"\(SVG.number(x + 14))\" y=\"17\">\(ReportHTML.escape(text))</text>"
            x += 14 + TextWidth.estimate(text, fontSize: 12) + 14
        }
        let largest = max(1, model.aliveByStatus.flatMap(\.bins).max() ?? 0)
        let left = max(30, TextWidth.estimate(Self.count(largest), fontSize: 12) + 12).rounded(.up)
        let width = max(440, x.rounded(.up)), height = 250.0, right = 12.0, top = 34.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func y(_ count: Double) -> Double { top + (1 - count / Double(largest)) * plotHeight }
        var svg = SVG.open(width: width, height: height, chart: "p-alive-by-status",
                           label: "Clients by P(alive) in tenths, for each status of the cycle rule",
                           maxWidth: (width * 1.5).rounded())
        svg += legend
        for tick in largest >= 2 ? [0, largest / 2, largest] : [0, largest] {
            let level = SVG.number(y(Double(tick)))
            svg += "<line class=\"grid\" x1=\"\(SVG.number(left))\" y1=\"\(level)\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(level)\"/>"
            svg += "<text class=\"fig\" x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(y(Double(tick)) + 4))\" text-anchor=\"end\">\(Self.count(tick))</text>"
        }
        let binWidth = plotWidth / 10, barWidth = (binWidth - 6) / 3
        for bin in 0..<10 {
            for (index, distribution) in model.aliveByStatus.enumerated() {
                let count = distribution.bins[bin]
                guard count > 0 else { continue }
                let top = y(Double(count))
                svg += "<rect class=\"bar alive\" data-status=\"\(distribution.status.rawValue)\" data-bin=\"\(bin)\" x=\"\(SVG.number(left + Double(bin) * binWidth + 3 + Double(index) * barWidth))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(barWidth))\" height=\"\(SVG.number(max(y(0) - top, 1)))\" fill=\"\(Self.colours[index])\"><title>\(ReportHTML.escape("\(distribution.status.rawValue), P(alive) \(ReportModel.binLabels[bin]): \(count)"))</title></rect>"
            }
        }
        for tenth in stride(from: 0, through: 10, by: 2) {
            let anchor = tenth == 0 ? "start" : tenth == 10 ? "end" : "middle"
            let label = tenth == 0 ? "0" : tenth == 10 ? "1" : "0.\(tenth)"
            svg += "<text class=\"fig\" x=\"\(SVG.number(left + Double(tenth) * binWidth))\" y=\"\(SVG.number(height - bottom + 16))\" text-anchor=\"\(anchor)\">\(label)</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(0)))\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(SVG.number(y(0)))\"/>"
        svg += "<text x=\"\(SVG.number(left + plotWidth / 2))\" y=\"\(SVG.number(height - 4))\" text-anchor=\"middle\" class=\"muted\">P(alive)</text>"
        return svg + "</svg>"
    }
}
