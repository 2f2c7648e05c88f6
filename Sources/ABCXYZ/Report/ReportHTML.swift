/// The report as one self-contained HTML page: inline CSS and SVG charts,
/// no script, no font or image from the network. Readable on a phone (the
/// charts scale, wide tables scroll) and on paper (sections keep together,
/// colours print).
///
/// Charts carry `data-chart` names and their marks carry classes (`point`,
/// `cell`, `bar`), so tests and tools can find them. Every figure (money,
/// counts, rates, dates) is in an element that does not wrap: a table cell,
/// a tile's `.value`, a `span.fig` in a sentence, an SVG `text.fig` placed
/// where it fits; only names (`td.name`, SVG `text.name`) are shortened.
enum ReportHTML {
    static func page(_ report: Report) -> String {
        let document = ReportDocument(report)
        let money = { (value: Money) in Spelling.money(value, scale: report.scale) }
        var html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Clients report, as of \(report.asOf)</title>
        <style>\(style)</style>
        </head>
        <body>
        <header>
        <h1>\(escape(document.title))</h1>
        <p class="subtitle">\(withFigures(document.subtitle))</p>
        <div class="tiles">

        """
        let metrics = report.period
        let tiles: [(String, String)] = [
            ("clients", String(report.summary.clientsWithPurchases)),
            ("revenue in the window", money(report.totalRevenue)),
            ("at risk + lost in the window", money(report.ltvLossInWindow)),
            ("churn rate", Spelling.rate(metrics.churnRate)),
            ("retention (CRR)", Spelling.rate(metrics.retentionRate)),
            ("return rate", Spelling.rate(metrics.returnRate)),
        ]
        for (label, value) in tiles {
            html += "<div class=\"tile\"><span class=\"value\">\(escape(value))</span><span class=\"label\">\(escape(label))</span></div>\n"
        }
        html += "</div>\n</header>\n<main>\n"

        html += "<section id=\"pareto\">\n<h2>Where the money is</h2>\n"
        let ranking = report.abcMeasure == .annualValue ? "yearly value (annual value)" : "revenue in the window"
        html += "<p>Clients ranked by \(ranking): the curve is the share of it the top clients bring. "
            + "The dashed lines mark the last A and the last B client.</p>\n"
        html += ParetoChart(report).svg + "\n</section>\n"

        let sections = Dictionary(uniqueKeysWithValues: document.sections.map { ($0.title, $0) })
        html += "<section id=\"matrix\">\n<h2>ABC/XYZ matrix</h2>\n"
        html += paragraphs(sections["ABC/XYZ matrix"]!.lines)
        html += "<div class=\"pair\">\n"
        html += HeatMap(report, measure: .clients, title: "Clients").svg + "\n"
        html += HeatMap(report, measure: .loss, title: "Value lost").svg + "\n"
        html += "</div>\n" + table(sections["ABC/XYZ matrix"]!.tables[1]) + "</section>\n"

        html += "<section id=\"loss\">\n<h2>Lifetime value lost by tier</h2>\n"
        html += paragraphs(sections["Lifetime value lost"]!.lines)
        html += BarChart.lossByTier(report) + "\n" + table(sections["Lifetime value lost"]!.tables[0]) + "</section>\n"

        html += "<section id=\"churn\">\n<h2>Churn, retention and return</h2>\n"
        html += paragraphs(sections["Churn, retention and return"]!.lines)
        html += BarChart.churnByManager(report) + "\n" + table(sections["Churn, retention and return"]!.tables[0])
        html += "</section>\n"

        if let services = sections["Services"] {
            // SPEC §13: churn and value lost per service, then the service × master table.
            html += "<section id=\"services\">\n<h2>Services</h2>\n" + paragraphs(services.lines)
            html += "<div class=\"pair\">\n" + BarChart.churnByService(report) + "\n" + BarChart.lossByService(report)
                + "\n</div>\n" + table(services.tables[0]) + table(services.tables[1]) + "</section>\n"
        }
        if let model = report.model, let section = document.sections.first(where: { $0.title.hasPrefix("Probabilistic model") }) {
            html += ReportModelHTML.section(report, model, section, paragraphs: paragraphs, table: table)
        }

        html += "<section id=\"winback\">\n<h2>Win back first</h2>\n"
        html += paragraphs(sections["Win back first"]!.lines) + table(sections["Win back first"]!.tables[0]) + "</section>\n"

        html += "<section id=\"data\">\n<h2>Data</h2>\n" + paragraphs(sections["Data"]!.lines) + "</section>\n"
        html += "</main>\n<footer>Made by abcxyz. What each figure means: docs/method.md and docs/report.md.</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    static func paragraphs(_ lines: [String]) -> String {
        lines.map { "<p>\(withFigures($0))</p>\n" }.joined()
    }

    /// Text with each figure in it (`1 069`, `12 345.60`, `36.3%`,
    /// `2025-06-30`) in a `span.fig`, so a line never breaks inside one.
    static func withFigures(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (0x30...0x39).contains(bytes[index]) }
        var html = "", plain = 0, index = 0
        while index < bytes.count {
            guard isDigit(index) else { index += 1; continue }
            var end = index
            while end < bytes.count {
                if isDigit(end) || Set(".,%-:/".utf8).contains(bytes[end]) {
                    end += 1
                } else if bytes[end] == UInt8(ascii: " "), (1...3).allSatisfy({ isDigit(end + $0) }), !isDigit(end + 4) {
                    end += 4  // a group of three after a group separator
                } else {
                    break
                }
            }
            while end > index, Set(".,-:/".utf8).contains(bytes[end - 1]) { end -= 1 }  // the sentence's own punctuation
            html += escape(String(decoding: bytes[plain..<index], as: UTF8.self))
            html += "<span class=\"fig\">\(escape(String(decoding: bytes[index..<end], as: UTF8.self)))</span>"
            plain = end
            index = end
        }
        return html + escape(String(decoding: bytes[plain...], as: UTF8.self))
    }

    /// Columns of names (ids from the export): the only cells that may be
    /// shortened on screen (with the whole name as a tooltip) or wrap on paper.
    private static let nameHeaders: Set<String> = ["client", "manager"]

    static func table(_ table: ReportDocument.Table) -> String {
        var html = "<div class=\"scroll\"><table>\n<thead><tr>"
        let names = table.headers.map(nameHeaders.contains)
        for (column, header) in table.headers.enumerated() {
            html += "<th\(table.numeric[column] ? " class=\"num\"" : "")>\(escape(header))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            html += table.totalRows.contains(index) ? "<tr class=\"total\">" : "<tr>"
            for (column, cell) in row.enumerated() {
                if names[column] {
                    html += "<td class=\"name\" title=\"\(escape(cell))\">\(escape(cell))</td>"
                } else {
                    html += "<td\(table.numeric[column] ? " class=\"num\"" : "")>\(escape(cell))</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }

    /// Text made safe for HTML and SVG (``MarkupEscaping/html(_:)``: bytes, not `Character`s).
    static func escape(_ text: String) -> String {
        MarkupEscaping.html(text)
    }

    static let style = """
    :root{--ink:#1d2330;--muted:#5b6478;--line:#d9dde6;--a:#1f5fa8;--b:#6f9fd8;--c:#c3d5ee;--loss:#b8322a;--bg:#fff}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
    header,main,footer{max-width:980px;margin:0 auto;padding:0 16px}
    header{padding-top:20px}
    h1{font-size:1.45rem;margin:0 0 4px}
    h2{font-size:1.15rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
    p{margin:6px 0}
    .subtitle,footer{color:var(--muted)}
    .tiles{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 4px}
    .tile{flex:1 1 8em;min-width:min-content;border:1px solid var(--line);border-radius:8px;padding:8px 10px}
    .tile .value{display:block;font-size:1.25rem;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
    .fig{white-space:nowrap}
    .tile .label{color:var(--muted);font-size:.85rem}
    .pair{display:flex;flex-wrap:wrap;gap:12px}
    .pair svg{flex:1 1 300px}
    svg{width:100%;height:auto;max-width:100%;display:block;margin:8px 0}
    svg[data-chart=pareto],svg[data-chart=loss-by-tier],svg[data-chart=churn-by-manager]{max-width:660px}
    svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
    svg .axis{stroke:var(--muted);stroke-width:1}
    svg .grid{stroke:var(--line);stroke-width:1}
    svg .curve{fill:none;stroke:var(--a);stroke-width:2}
    svg .point{fill:var(--a)}
    svg .cut{stroke:var(--loss);stroke-width:1.5;stroke-dasharray:5 4}
    svg .bar.loss{fill:var(--loss)}
    svg .bar.churn{fill:var(--a)}
    svg .bar.clv{fill:#2e7d4f}
    svg .muted{fill:var(--muted)}
    .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
    table{border-collapse:collapse;width:100%;font-size:.9rem;margin:8px 0}
    th,td{padding:4px 6px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
    td.name{max-width:10em;overflow:hidden;text-overflow:ellipsis}
    th{font-weight:600;color:var(--muted);white-space:normal;vertical-align:bottom}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    tr.total td{font-weight:600}
    footer{padding:24px 16px 32px;font-size:.85rem}
    @media (max-width:600px){body{font-size:14px}.tile .value{font-size:1.05rem}h1{font-size:1.2rem}}
    @media print{body{font-size:10pt}header,main,footer{max-width:none;padding:0}section{break-inside:avoid}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}.scroll{overflow:visible}
    table{font-size:7.5pt}th,td{padding:2px 3px}
    td.name{max-width:none;white-space:normal;overflow-wrap:anywhere;min-width:6em}tr{break-inside:avoid}}
    """
}

/// Cumulative revenue share against the share of clients, ranked.
struct ParetoChart {
    let report: Report

    init(_ report: Report) {
        self.report = report
    }

    var svg: String {
        let width = 440.0, height = 250.0, left = 40.0, right = 12.0, top = 12.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ value: Double) -> String { SVG.number(left + value * plotWidth) }
        func y(_ value: Double) -> String { SVG.number(top + (1 - value) * plotHeight) }
        var svg = SVG.open(width: width, height: height, chart: "pareto",
                           label: report.abcMeasure == .annualValue
                               ? "Cumulative share of yearly value by share of clients, ranked by annual value"
                               : "Cumulative share of revenue by share of clients, ranked by revenue")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line class=\"grid\" x1=\"\(x(0))\" y1=\"\(y(tick))\" x2=\"\(x(1))\" y2=\"\(y(tick))\"/>"
            svg += "<text x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(top + (1 - tick) * plotHeight + 4))\" text-anchor=\"end\">\(Int(tick * 100))%</text>"
            let anchor = tick == 1 ? "end" : tick == 0 ? "start" : "middle"
            svg += "<text x=\"\(x(tick))\" y=\"\(SVG.number(height - bottom + 16))\" text-anchor=\"\(anchor)\">\(Int(tick * 100))%</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" y2=\"\(y(0))\"/>"
        svg += "<line class=\"axis\" x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(0))\" y2=\"\(y(1))\"/>"
        svg += "<text x=\"\(x(0.5))\" y=\"\(SVG.number(height - 4))\" text-anchor=\"middle\" class=\"muted\">share of clients</text>"
        for (cut, name) in [(report.pareto.lastA, "A"), (report.pareto.lastB, "B")] {
            guard let cut else { continue }
            svg += "<line class=\"cut\" x1=\"\(x(cut))\" y1=\"\(y(0))\" x2=\"\(x(cut))\" y2=\"\(y(1))\"/>"
            svg += "<text x=\"\(SVG.number(left + cut * plotWidth + 4))\" y=\"\(SVG.number(top + plotHeight - 6))\">last \(name)</text>"
        }
        let path = report.pareto.points.map { "\(x($0.clients)),\(y($0.measure))" }.joined(separator: " ")
        svg += "<polyline class=\"curve\" points=\"\(path)\"/>"
        for point in report.pareto.points {
            svg += "<circle class=\"point\" cx=\"\(x(point.clients))\" cy=\"\(y(point.measure))\" r=\"2.5\"/>"
        }
        return svg + "</svg>"
    }
}

/// The 3×3 matrix as a heat map of clients or of value lost.
struct HeatMap {
    enum Measure { case clients, loss }
    let report: Report
    let measure: Measure
    let title: String

    init(_ report: Report, measure: Measure, title: String) {
        self.report = report
        self.measure = measure
        self.title = title
    }

    var svg: String {
        let values = ABCClass.allCases.flatMap { abc in XYZClass.allCases.map { report.cell(abc, $0) } }
        let counts = values.map { String($0.clients) }, losses = values.map { Spelling.money($0.ltvLoss, scale: report.scale) }
        let labels = measure == .clients ? counts : losses
        // Cells as wide as the widest label of either map and a margin: a figure
        // is never cut, and the two maps side by side stay the same size.
        let widest = (counts + losses).map { TextWidth.estimate($0, fontSize: 12) }.max() ?? 0
        let size = max(84, (widest + 14).rounded(.up)), left = 28.0, top = 40.0
        let width = left + 3 * size + 8, height = top + 3 * size + 8
        let amounts = values.map { measure == .clients ? Double($0.clients) : Double($0.ltvLoss.minorUnits) }
        let largest = max(amounts.max() ?? 0, 1)
        var svg = SVG.open(width: width, height: height, chart: measure == .clients ? "matrix-clients" : "matrix-loss",
                           label: "\(title) per ABC/XYZ cell", maxWidth: (width * 1.3).rounded())
        svg += "<text x=\"\(SVG.number(left))\" y=\"16\" font-weight=\"600\">\(ReportHTML.escape(title))</text>"
        for (column, xyz) in XYZClass.allCases.enumerated() {
            svg += "<text x=\"\(SVG.number(left + (Double(column) + 0.5) * size))\" y=\"\(SVG.number(top - 6))\" text-anchor=\"middle\">\(xyz.rawValue)</text>"
        }
        for (row, abc) in ABCClass.allCases.enumerated() {
            svg += "<text x=\"\(SVG.number(left - 10))\" y=\"\(SVG.number(top + (Double(row) + 0.5) * size + 4))\" text-anchor=\"middle\">\(abc.rawValue)</text>"
            for (column, xyz) in XYZClass.allCases.enumerated() {
                let index = row * 3 + column
                let intensity = amounts[index] / largest
                let color = SVG.blend(intensity, from: (247, 251, 255), to: measure == .clients ? (8, 81, 156) : (165, 15, 21))
                let label = labels[index]
                let x = left + Double(column) * size, y = top + Double(row) * size
                svg += "<rect class=\"cell\" data-cell=\"\(abc.rawValue)\(xyz.rawValue)\" x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(size - 2))\" height=\"\(SVG.number(size - 2))\" rx=\"4\" fill=\"\(color)\"><title>\(abc.rawValue)\(xyz.rawValue): \(ReportHTML.escape(label))</title></rect>"
                let ink = intensity > 0.55 ? "#fff" : "#1d2330"
                svg += "<text class=\"fig\" data-cell=\"\(abc.rawValue)\(xyz.rawValue)\" x=\"\(SVG.number(x + size / 2 - 1))\" y=\"\(SVG.number(y + size / 2 + 3))\" text-anchor=\"middle\" style=\"fill:\(ink)\">\(ReportHTML.escape(label))</text>"
            }
        }
        return svg + "</svg>"
    }
}

/// Horizontal bar charts.
enum BarChart {
    static func lossByTier(_ report: Report) -> String {
        let rows = report.tiers.map { figures in
            (label: "\(figures.tier) \(figures.tier.meaning)",
             value: Double(figures.ltvLoss.minorUnits),
             text: Spelling.money(figures.ltvLoss, scale: report.scale) as String?)
        }
        return bars(rows, chart: "loss-by-tier", label: "Lifetime value lost by win-back tier", kind: "loss")
    }

    static func churnByManager(_ report: Report) -> String {
        let rows = report.managers.map { manager in
            (label: manager.name ?? "(none)", value: manager.metrics.churnRate ?? -1,
             text: manager.metrics.churnRate.map { Spelling.percent($0) } as String?)
        }
        return bars(rows, chart: "churn-by-manager", label: "Churn rate per manager", kind: "churn", scaleTo: 1)
    }

    /// SPEC §13: each service's churn rate over its pairs, in its own period.
    static func churnByService(_ report: Report) -> String {
        let rows = (report.services ?? []).map { service in
            (label: service.service.isEmpty ? "(none)" : service.service, value: service.metrics.churnRate ?? -1,
             text: service.metrics.churnRate.map { Spelling.percent($0) } as String?)
        }
        return bars(rows, chart: "churn-by-service", label: "Churn rate per service", kind: "churn", scaleTo: 1)
    }

    /// SPEC §13: the value lost by each service's at-risk and lost pairs.
    static func lossByService(_ report: Report) -> String {
        let rows = (report.services ?? []).map { service in
            (label: service.service.isEmpty ? "(none)" : service.service, value: Double(service.ltvLoss.minorUnits),
             text: Spelling.money(service.ltvLoss, scale: report.scale) as String?)
        }
        return bars(rows, chart: "loss-by-service", label: "Lifetime value lost per service", kind: "loss")
    }

    /// One bar per row (none for a negative value: shown as "undefined").
    /// The name column is as wide as the widest name, up to 170 units
    /// (longer names keep their head and tail around `…`); the value column
    /// right of the bars as wide as the widest value, so no label is cut.
    static func bars(_ rows: [(label: String, value: Double, text: String?)], chart: String, label: String,
                             kind: String, scaleTo fixedMaximum: Double? = nil) -> String {
        let rowHeight = 24.0, plot = 260.0, fontSize = 12.0
        let names = rows.map { TextWidth.fitting($0.label, width: 170, fontSize: fontSize) }
        let left = max(60, (names.map { TextWidth.estimate($0, fontSize: fontSize) }.max() ?? 0) + 12).rounded(.up)
        let texts = rows.map { $0.text ?? "undefined" }
        let right = max(40, (texts.map { TextWidth.estimate($0, fontSize: fontSize) }.max() ?? 0) + 10).rounded(.up)
        let width = left + plot + right
        let height = Double(rows.count) * rowHeight + 12
        let largest = fixedMaximum ?? max(rows.map(\.value).max() ?? 0, 1)
        // Drawn at most 1.5 times its size, as the fixed-width charts are (440 units, 660 px).
        var svg = SVG.open(width: width, height: height, chart: chart, label: label, maxWidth: (width * 1.5).rounded())
        for (index, row) in rows.enumerated() {
            let y = 6 + Double(index) * rowHeight
            let baseline = SVG.number(y + rowHeight / 2 + 4)
            svg += "<text class=\"name\" x=\"\(SVG.number(left - 8))\" y=\"\(baseline)\" text-anchor=\"end\">\(ReportHTML.escape(names[index]))</text>"
            guard row.value >= 0, let text = row.text else {
                svg += "<text class=\"muted\" x=\"\(SVG.number(left))\" y=\"\(baseline)\">undefined</text>"
                continue
            }
            let length = max(plot * row.value / largest, row.value > 0 ? 1 : 0)
            svg += "<rect class=\"bar \(kind)\" x=\"\(SVG.number(left))\" y=\"\(SVG.number(y + 3))\" width=\"\(SVG.number(length))\" height=\"\(SVG.number(rowHeight - 8))\" rx=\"3\"><title>\(ReportHTML.escape(row.label)): \(ReportHTML.escape(text))</title></rect>"
            svg += "<text class=\"fig\" x=\"\(SVG.number(left + length + 6))\" y=\"\(baseline)\">\(ReportHTML.escape(text))</text>"
        }
        return svg + "</svg>"
    }
}

/// SVG helpers.
enum SVG {
    /// The opening tag; `maxWidth` (px) caps how far the page may enlarge the chart.
    static func open(width: Double, height: Double, chart: String, label: String, maxWidth: Double? = nil) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" "
            + "aria-label=\"\(ReportHTML.escape(label))\" data-chart=\"\(chart)\""
            + (maxWidth.map { " style=\"max-width:\(number($0))px\"" } ?? "")
            + "><title>\(ReportHTML.escape(label))</title>"
    }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A colour `fraction` of the way from one RGB to another, as `#rrggbb`.
    static func blend(_ fraction: Double, from: (Int, Int, Int), to: (Int, Int, Int)) -> String {
        let t = min(max(fraction, 0), 1)
        let channels = [(from.0, to.0), (from.1, to.1), (from.2, to.2)].map { Int((Double($0.0) + Double($0.1 - $0.0) * t).rounded()) }
        let hex = Array("0123456789abcdef")
        return "#" + channels.map { String([hex[$0 / 16], hex[$0 % 16]]) }.joined()
    }
}
