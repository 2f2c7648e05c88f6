/// The report's content laid out for people: titled sections of sentences
/// and tables, with every figure already spelled. The terminal table,
/// Markdown and the HTML page all render this one layout.
struct ReportDocument {
    struct Table {
        var headers: [String]
        var rows: [[String]]
        /// Right-aligned columns (numbers).
        var numeric: [Bool]
        /// A row drawn as a total (bold in Markdown and HTML).
        var totalRows: Set<Int> = []
    }

    struct Section {
        var title: String
        var lines: [String] = []
        var tables: [Table] = []
    }

    var title: String
    var subtitle: String
    var sections: [Section]

    init(_ report: Report) {
        let money = { (value: Money) in Spelling.money(value, scale: report.scale) }
        title = "Clients: where the money is, who is leaving, what it costs"
        subtitle = "As of \(report.asOf), window \(report.window.lowerBound) to \(report.window.upperBound)"

        let summary = report.summary
        var ingest = Section(title: "Data")
        ingest.lines = [
            "\(summary.rowsRead) rows read = \(summary.accepted) accepted + \(summary.rejected) rejected; "
                + "\(summary.accepted) accepted = \(summary.used) used + \(summary.afterAsOf) after as-of.",
            "\(summary.clients) clients: \(summary.clientsWithPurchases) with a purchase day, "
                + "\(summary.clientsWithoutPurchases) without.",
            report.populationCycleDays.map { "Population purchase cycle: \(Spelling.days($0)) days." }
                ?? "No client has a purchase cycle of its own: the fallback cycle applies.",
        ]

        var matrix = Section(title: "ABC/XYZ matrix")
        let measure = report.abcMeasure == .annualValue
            ? "yearly value (each client's annual value: what it brought in its last year as a client; "
                + "\(money(report.abcTotal)) in all)"
            : "revenue in the window (\(money(report.abcTotal)) in all)"
        let variation = switch report.xyzMeasure {
        case .rate: "the money per day between a client's purchases, over its whole history"
        case .revenue: "a client's revenue per period while it bought in the window"
        case .purchaseDays: "a client's purchase days per period while it bought in the window"
        }
        let z = report.zClients
        matrix.lines = [
            "A, B, C: the clients that bring the first \(Spelling.percent(report.abcLimits.a.doubleValue)), the next "
                + "\(Spelling.percent(report.abcLimits.b.doubleValue - report.abcLimits.a.doubleValue)) and the rest of "
                + "\(measure).",
            "X, Y, Z: steady, fluctuating and erratic buyers, by the variation (cv) of \(variation).",
            "Z: \(ReportDocument.clients(z.clients)), \(z.erratic) erratic and \(z.withoutCV) with too short a history "
                + "for a cv.",
        ]
        var grid = Table(headers: ["", "X", "Y", "Z", "total"], rows: [], numeric: [false, true, true, true, true])
        for abc in ABCClass.allCases {
            grid.rows.append([abc.rawValue] + XYZClass.allCases.map { String(report.cell(abc, $0).clients) }
                + [String(report.matrix.row(abc).clients)])
        }
        grid.rows.append(["total"] + XYZClass.allCases.map { String(report.matrix.column($0).clients) }
            + [String(report.total.clients)])
        grid.totalRows = [3]
        var cells = Table(headers: ["cell", "clients", "window revenue", "share", "active", "at risk", "lost", "value lost"],
                          rows: [], numeric: [false, true, true, true, true, true, true, true])
        func cellRow(_ name: String, _ figures: Report.CellFigures) -> [String] {
            [name, String(figures.clients), money(figures.revenue), Spelling.percent(figures.share),
             String(figures.active), String(figures.atRisk), String(figures.lost), money(figures.ltvLoss)]
        }
        for abc in ABCClass.allCases {
            for xyz in XYZClass.allCases { cells.rows.append(cellRow(abc.rawValue + xyz.rawValue, report.cell(abc, xyz))) }
        }
        for abc in ABCClass.allCases { cells.rows.append(cellRow("\(abc.rawValue) total", report.matrix.row(abc))) }
        for xyz in XYZClass.allCases { cells.rows.append(cellRow("\(xyz.rawValue) total", report.matrix.column(xyz))) }
        cells.rows.append(cellRow("all", report.total))
        cells.totalRows = Set(9..<16)
        matrix.tables = [grid, cells]

        var loss = Section(title: "Lifetime value lost")
        loss.lines = [
            "\(report.total.active) active, \(report.total.atRisk) at risk, \(report.total.lost) lost.",
            "This window's loss: \(money(report.ltvLossInWindow)) of yearly value, \(money(report.atRisk.ltvLoss)) "
                + "at risk (\(ReportDocument.clients(report.atRisk.clients))) and \(money(report.lostInWindow.ltvLoss)) "
                + "lost within the window (\(ReportDocument.clients(report.lostInWindow.clients))).",
            "Long gone, lost before the window began: \(money(report.lostBeforeWindow.ltvLoss)) "
                + "(\(ReportDocument.clients(report.lostBeforeWindow.clients))), in the tiers below but not in this "
                + "window's loss.",
            "\(report.lostOnceOnly) of the \(report.total.lost) lost clients bought once only.",
        ]
        var tiers = Table(headers: ["tier", "meaning", "clients", "value lost"], rows: [], numeric: [true, false, true, true])
        for figures in report.tiers {
            tiers.rows.append([String(figures.tier.rawValue), figures.tier.meaning, String(figures.clients),
                               money(figures.ltvLoss)])
        }
        tiers.rows.append(["", "total", String(report.tiers.reduce(0) { $0 + $1.clients }), money(report.totalLTVLoss)])
        tiers.totalRows = [4]
        loss.tables = [tiers]

        let metrics = report.period
        var period = Section(title: "Churn, retention and return")
        period.lines = [
            "Period \(metrics.start.addingDays(1)) to \(metrics.end) (returns: who bought "
                + "\(metrics.previousStart.addingDays(1)) to \(metrics.start) and again in the period).",
            "Customers at the start \(metrics.customersAtStart), at the end \(metrics.customersAtEnd), "
                + "won \(metrics.customersWon) (new \(metrics.newCustomers), reactivated \(metrics.reactivated)), "
                + "churned \(metrics.churned).",
            "Churn rate \(Spelling.rate(metrics.churnRate)) · retention (CRR) \(Spelling.rate(metrics.retentionRate)) "
                + "· return rate \(Spelling.rate(metrics.returnRate)) (\(metrics.returned) of \(metrics.previousBuyers)).",
        ]
        if report.services != nil {
            period.lines.append("Statuses as of each day: each client by its best client × service pair (SPEC §13).")
        }
        // Per manager: what the manager held at the start and what became of it; "won" is
        // new plus reactivated (the split is in the line above and in JSON), and the count at
        // the end follows (start − churned + won), so the table fits a page.
        var managers = Table(
            headers: ["manager", "at start", "churned", "churn rate", "won", "CRR",
                      "return rate", "at risk", "lost", "value lost", "lost rate"],
            rows: [], numeric: [false] + Array(repeating: true, count: 10))
        for row in report.managers {
            let m = row.metrics
            managers.rows.append([row.name ?? "(none)", String(m.customersAtStart), String(m.churned),
                                  Spelling.rate(m.churnRate), String(m.customersWon), Spelling.rate(m.retentionRate),
                                  "\(Spelling.rate(m.returnRate)) (\(m.returned) of \(m.previousBuyers))",
                                  String(row.atRisk), String(row.lost), money(row.ltvLoss),
                                  Spelling.rate(row.lostRate)])
        }
        period.tables = [managers]

        var winBack = Section(title: "Win back first")
        let filtered = report.winBackSelection.filters
        winBack.lines = [report.winBackCount == 0 ? "No client is at risk or lost."
            : filtered ? "\(report.winBackSelected) of the \(report.winBackCount) clients to win back pass the "
                + "filters (\(report.winBackCount - report.winBackSelected) left out); the first "
                + "\(report.topWinBack.count) shown, each with its rank on the whole list."
            : "The first \(report.topWinBack.count) of \(report.winBackCount) clients to win back."]
        let extended = report.showsWinBackNotes
        var list = Table(headers: ["rank", "client", "tier", "cell", "status", "value lost", "annual value",
                                   "days since", "cycle", "last purchase", "manager"]
                             + (extended ? ["next expected", "lost since", "why"] : []),
                         rows: [], numeric: [true, false, true, false, false, true, true, true, true, false, false]
                             + (extended ? [false, false, false] : []))
        for (index, entry) in report.topWinBack.enumerated() {
            let client = entry.result
            var row = [String(entry.rank), client.client, String(entry.tier.rawValue),
                       client.abc.rawValue + client.xyz.rawValue, client.status.rawValue,
                       money(client.ltvLoss), money(client.annualValue), String(client.recencyDays),
                       Spelling.days(client.cycleDays), client.lastPurchase.description, client.manager ?? "-"]
            if extended {
                let notes = report.winBackNotes[index]
                row += [notes.nextExpected.description, notes.lostSince?.description ?? "-", notes.why]
            }
            list.rows.append(row)
        }
        winBack.tables = [list]
        sections = [ingest, matrix, loss, period] + (report.services.map { [ReportDocument.services($0, money)] } ?? [])
        // The model's second opinion comes just before the list it speaks to.
        if let model = report.model { sections.append(Self.modelSection(model, scale: report.scale)) }
        sections.append(winBack)
    }

    /// SPEC §13: per service, its cycle, period, pairs by status, value lost,
    /// churn, retention and return over its pairs; then each master within it.
    static func services(_ services: [ServiceFigures], _ money: (Money) -> String) -> Section {
        var section = Section(title: "Services")
        section.lines = [
            "\(services.count == 1 ? "1 service" : "\(services.count) services"), each with its own rhythm: a pair "
                + "(client × service) is judged by its own cycle or, without one, by its service's. Each service's "
                + "period ends at as-of; counts are of pairs.",
            "Masters: at start, churned and returns of the pairs that were theirs at the period's start; pairs, "
                + "statuses and value lost of those that are theirs at as-of.",
        ]
        var table = Table(
            headers: ["service", "cycle", "period", "pairs", "active", "at risk", "lost", "value lost", "at start",
                      "at end", "won", "new", "reactivated", "churned", "churn rate", "CRR", "return rate",
                      "lost rate"],
            rows: [], numeric: [false, true, false] + Array(repeating: true, count: 15))
        var masters = Table(
            headers: ["service", "master", "at start", "churned", "churn rate", "return rate", "pairs", "active",
                      "at risk", "lost", "value lost", "lost rate"],
            rows: [], numeric: [false, false] + Array(repeating: true, count: 10))
        for service in services {
            let m = service.metrics
            let name = service.service.isEmpty ? "(none)" : service.service
            table.rows.append([
                name, Spelling.days(service.cycleDays), "(\(m.start), \(m.end)]", String(service.pairs),
                String(service.active), String(service.atRisk), String(service.lost), money(service.ltvLoss),
                String(m.customersAtStart), String(m.customersAtEnd), String(m.customersWon), String(m.newCustomers),
                String(m.reactivated), String(m.churned), Spelling.rate(m.churnRate), Spelling.rate(m.retentionRate),
                "\(Spelling.rate(m.returnRate)) (\(m.returned) of \(m.previousBuyers))",
                "\(Spelling.rate(service.lostRate)) (\(service.lost) of \(service.pairs))",
            ])
            for master in service.masters {
                let mm = master.metrics
                masters.rows.append([
                    name, master.name ?? "(none)", String(mm.customersAtStart), String(mm.churned),
                    Spelling.rate(mm.churnRate), "\(Spelling.rate(mm.returnRate)) (\(mm.returned) of \(mm.previousBuyers))",
                    String(master.pairs), String(master.active), String(master.atRisk), String(master.lost),
                    money(master.ltvLoss), "\(Spelling.rate(master.lostRate)) (\(master.lost) of \(master.pairs))",
                ])
            }
        }
        section.tables = [table, masters]
        return section
    }

    /// `1 client`, `7 clients`.
    static func clients(_ count: Int) -> String {
        count == 1 ? "1 client" : "\(count) clients"
    }
}
