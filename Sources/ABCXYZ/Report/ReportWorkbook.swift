/// The report as an Excel workbook: a sheet each for the summary, the
/// matrix, the managers, the services and their masters (in service mode,
/// SPEC §13) and the win-back list, every figure a typed cell.
///
/// Column names are the report's JSON keys (docs/report.md); money has the
/// data's decimals, rates are fractions with 6 decimals as in JSON (an
/// undefined rate is an empty cell), days are dates.
enum ReportWorkbook {
    typealias Cell = TableSheetRows.Cell

    static func workbook(_ report: Report) -> Workbook {
        var workbook = Workbook()
        workbook.add("summary", summary(report))
        workbook.add("matrix", matrix(report))
        workbook.add("managers", managers(report))
        if let services = report.services {
            workbook.add("services", self.services(services, scale: report.scale))
            workbook.add("masters", masters(services, scale: report.scale))
        }
        workbook.add("winback", winBack(report))
        return workbook
    }

    private static func rate(_ value: Double?) -> Cell { value.map { .fixed($0) } ?? .empty }
    private static func money(_ value: Money) -> Cell { .money(value.minorUnits) }

    /// One figure a row, its value in the column of its kind.
    static func summary(_ report: Report) -> TableSheetRows {
        var sheet = TableSheetRows([SheetColumn("figure", .text), SheetColumn("count", .integer),
                                    SheetColumn("money", .money(scale: report.scale)),
                                    SheetColumn("rate", .fixed(digits: 6)), SheetColumn("days", .number),
                                    SheetColumn("date", .date)])
        func add(_ figure: String, count: Int? = nil, money: Money? = nil, rate: Double?? = nil, days: Double?? = nil,
                 date: Day? = nil) {
            sheet.append([.text(figure), count.map { .integer($0) } ?? .empty, money.map(Self.money) ?? .empty,
                          rate.map(Self.rate) ?? .empty, days.map { $0.map { .number($0) } ?? .empty } ?? .empty,
                          date.map { .date($0) } ?? .empty])
        }
        let summary = report.summary, period = report.period
        add("as_of", date: report.asOf)
        add("window_first_day", date: report.window.lowerBound)
        add("window_last_day", date: report.window.upperBound)
        add("rows_read", count: summary.rowsRead)
        add("accepted", count: summary.accepted)
        add("rejected", count: summary.rejected)
        add("used", count: summary.used)
        add("after_as_of", count: summary.afterAsOf)
        add("clients", count: summary.clients)
        add("clients_with_purchases", count: summary.clientsWithPurchases)
        add("clients_without_purchases", count: summary.clientsWithoutPurchases)
        add("population_cycle_days", days: .some(report.populationCycleDays))
        add("total_revenue", money: report.totalRevenue)
        add("abc_total", money: report.abcTotal)
        add("active", count: report.total.active)
        add("at_risk", count: report.total.atRisk)
        add("lost", count: report.total.lost)
        add("ltv_loss", money: report.totalLTVLoss)
        add("ltv_loss_in_window", money: report.ltvLossInWindow)
        add("ltv_loss_at_risk", count: report.atRisk.clients, money: report.atRisk.ltvLoss)
        add("ltv_loss_lost_in_window", count: report.lostInWindow.clients, money: report.lostInWindow.ltvLoss)
        add("ltv_loss_lost_before_window", count: report.lostBeforeWindow.clients, money: report.lostBeforeWindow.ltvLoss)
        add("lost_once_only", count: report.lostOnceOnly)
        for figures in report.tiers {
            add("tier_\(figures.tier.rawValue)", count: figures.clients, money: figures.ltvLoss)
        }
        add("period_start", date: period.start)
        add("period_end", date: period.end)
        add("customers_at_start", count: period.customersAtStart)
        add("customers_at_end", count: period.customersAtEnd)
        add("customers_won", count: period.customersWon)
        add("new_customers", count: period.newCustomers)
        add("reactivated", count: period.reactivated)
        add("churned", count: period.churned)
        add("churn_rate", rate: .some(period.churnRate))
        add("retention_rate", rate: .some(period.retentionRate))
        add("previous_buyers", count: period.previousBuyers)
        add("returned", count: period.returned)
        add("return_rate", rate: .some(period.returnRate))
        add("win_back_count", count: report.winBackCount)
        return sheet
    }

    /// The nine cells, the row and column totals and the grand total.
    static func matrix(_ report: Report) -> TableSheetRows {
        var sheet = TableSheetRows([SheetColumn("cell", .text), SheetColumn("clients", .integer),
                                    SheetColumn("revenue", .money(scale: report.scale)),
                                    SheetColumn("share", .fixed(digits: 6)), SheetColumn("active", .integer),
                                    SheetColumn("at_risk", .integer), SheetColumn("lost", .integer),
                                    SheetColumn("ltv_loss", .money(scale: report.scale)),
                                    SheetColumn("erratic", .integer), SheetColumn("short_history", .integer)])
        func add(_ name: String, _ figures: Report.CellFigures, z: Bool) {
            sheet.append([.text(name), .integer(figures.clients), money(figures.revenue), .fixed(figures.share),
                          .integer(figures.active), .integer(figures.atRisk), .integer(figures.lost),
                          money(figures.ltvLoss), z ? .integer(figures.erratic) : .empty,
                          z ? .integer(figures.withoutCV) : .empty])
        }
        for abc in ABCClass.allCases {
            for xyz in XYZClass.allCases { add(abc.rawValue + xyz.rawValue, report.cell(abc, xyz), z: xyz == .z) }
        }
        for abc in ABCClass.allCases { add(abc.rawValue, report.matrix.row(abc), z: false) }
        for xyz in XYZClass.allCases { add(xyz.rawValue, report.matrix.column(xyz), z: xyz == .z) }
        add("all", report.total, z: false)
        return sheet
    }

    /// SPEC §8 per manager, then the clients with no manager (`(none)`).
    static func managers(_ report: Report) -> TableSheetRows {
        var sheet = TableSheetRows([SheetColumn("manager", .text)] + periodColumns + [
            SheetColumn("clients", .integer), SheetColumn("at_risk", .integer), SheetColumn("lost", .integer),
            SheetColumn("ltv_loss", .money(scale: report.scale)), SheetColumn("lost_rate", .fixed(digits: 6)),
        ])
        for row in report.managers {
            sheet.append([.text(row.name ?? "(none)")] + periodCells(row.metrics) + [
                .integer(row.clients), .integer(row.atRisk), .integer(row.lost), money(row.ltvLoss), rate(row.lostRate),
            ])
        }
        return sheet
    }

    private static let periodColumns = [
        SheetColumn("customers_at_start", .integer), SheetColumn("customers_at_end", .integer),
        SheetColumn("customers_won", .integer), SheetColumn("new_customers", .integer),
        SheetColumn("reactivated", .integer), SheetColumn("churned", .integer),
        SheetColumn("churn_rate", .fixed(digits: 6)), SheetColumn("retention_rate", .fixed(digits: 6)),
        SheetColumn("previous_buyers", .integer), SheetColumn("returned", .integer),
        SheetColumn("return_rate", .fixed(digits: 6)),
    ]

    private static func periodCells(_ m: PeriodMetrics) -> [Cell] {
        [.integer(m.customersAtStart), .integer(m.customersAtEnd), .integer(m.customersWon), .integer(m.newCustomers),
         .integer(m.reactivated), .integer(m.churned), rate(m.churnRate), rate(m.retentionRate),
         .integer(m.previousBuyers), .integer(m.returned), rate(m.returnRate)]
    }

    /// SPEC §13 per service: its cycle, period, pairs by status and the period figures over pairs.
    static func services(_ services: [ServiceFigures], scale: Int) -> TableSheetRows {
        var sheet = TableSheetRows([
            SheetColumn("service", .text), SheetColumn("cycle_days", .number), SheetColumn("period_start", .date),
            SheetColumn("period_end", .date), SheetColumn("pairs", .integer), SheetColumn("active", .integer),
            SheetColumn("at_risk", .integer), SheetColumn("lost", .integer),
            SheetColumn("ltv_loss", .money(scale: scale)),
        ] + periodColumns + [SheetColumn("lost_rate", .fixed(digits: 6))])
        for service in services {
            sheet.append([.text(service.service.isEmpty ? "(none)" : service.service), .number(service.cycleDays),
                          .date(service.metrics.start), .date(service.metrics.end), .integer(service.pairs),
                          .integer(service.active), .integer(service.atRisk), .integer(service.lost),
                          money(service.ltvLoss)] + periodCells(service.metrics) + [rate(service.lostRate)])
        }
        return sheet
    }

    /// Each master within each service (SPEC §13).
    static func masters(_ services: [ServiceFigures], scale: Int) -> TableSheetRows {
        var sheet = TableSheetRows([
            SheetColumn("service", .text), SheetColumn("master", .text),
            SheetColumn("customers_at_start", .integer), SheetColumn("churned", .integer),
            SheetColumn("churn_rate", .fixed(digits: 6)), SheetColumn("previous_buyers", .integer),
            SheetColumn("returned", .integer), SheetColumn("return_rate", .fixed(digits: 6)),
            SheetColumn("pairs", .integer), SheetColumn("active", .integer), SheetColumn("at_risk", .integer),
            SheetColumn("lost", .integer), SheetColumn("ltv_loss", .money(scale: scale)),
            SheetColumn("lost_rate", .fixed(digits: 6)),
        ])
        for service in services {
            for master in service.masters {
                let m = master.metrics
                sheet.append([.text(service.service.isEmpty ? "(none)" : service.service),
                              .text(master.name ?? "(none)"), .integer(m.customersAtStart), .integer(m.churned),
                              rate(m.churnRate), .integer(m.previousBuyers), .integer(m.returned), rate(m.returnRate),
                              .integer(master.pairs), .integer(master.active), .integer(master.atRisk),
                              .integer(master.lost), money(master.ltvLoss), rate(master.lostRate)])
            }
        }
        return sheet
    }

    /// The win-back entries the report shows, with the columns of the
    /// `winback` listing (and the call-list columns when asked for).
    static func winBack(_ report: Report) -> TableSheetRows {
        let scale = report.scale
        var sheet = TableSheetRows([
            SheetColumn("rank", .integer), SheetColumn("client", .text), SheetColumn("tier", .integer),
            SheetColumn("abc", .text), SheetColumn("xyz", .text), SheetColumn("status", .text),
            SheetColumn("ltv_loss", .money(scale: scale)), SheetColumn("annual_value", .money(scale: scale)),
            SheetColumn("recency_days", .integer), SheetColumn("cycle_days", .number),
            SheetColumn("last_purchase", .date), SheetColumn("manager", .text),
        ] + (report.showsWinBackNotes
            ? [SheetColumn("next_expected", .date), SheetColumn("lost_since", .date), SheetColumn("why", .text)] : []))
        for (index, entry) in report.topWinBack.enumerated() {
            let client = entry.result
            var row: [Cell] = [
                .integer(entry.rank), .text(client.client), .integer(entry.tier.rawValue), .text(client.abc.rawValue),
                .text(client.xyz.rawValue), .text(client.status.rawValue), money(client.ltvLoss),
                money(client.annualValue), .integer(client.recencyDays), .number(client.cycleDays),
                .date(client.lastPurchase), client.manager.map { .text($0) } ?? .empty,
            ]
            if report.showsWinBackNotes {
                let notes = report.winBackNotes[index]
                row += [.date(notes.nextExpected), notes.lostSince.map { .date($0) } ?? .empty, .text(notes.why)]
            }
            sheet.append(row)
        }
        return sheet
    }
}
