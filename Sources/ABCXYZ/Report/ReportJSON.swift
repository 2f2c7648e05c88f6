/// The report as JSON: every figure, stable keys, money as plain decimals,
/// rates as fractions with six decimals (`null` when undefined).
enum ReportJSON {
    static func text(_ report: Report) -> String {
        var json = JSONBuilder()
        let money = { (value: Money) in JSONBuilder.Raw(value.formatted(scale: report.scale)) }
        json.object {
            $0["as_of"] = .string(report.asOf.description)
            $0["window"] = .object([
                ("first_day", .string(report.window.lowerBound.description)),
                ("last_day", .string(report.window.upperBound.description)),
            ])
            let summary = report.summary
            $0["ingest"] = .object([
                ("rows_read", .int(summary.rowsRead)), ("accepted", .int(summary.accepted)),
                ("rejected", .int(summary.rejected)), ("used", .int(summary.used)),
                ("after_as_of", .int(summary.afterAsOf)), ("clients", .int(summary.clients)),
                ("clients_with_purchases", .int(summary.clientsWithPurchases)),
                ("clients_without_purchases", .int(summary.clientsWithoutPurchases)),
            ])
            $0["population_cycle_days"] = report.populationCycleDays.map { .raw(JSONBuilder.Raw(Spelling.days($0))) } ?? .null
            $0["total_revenue"] = .raw(money(report.totalRevenue))
            $0["abc_measure"] = .string(report.abcMeasure.rawValue)
            $0["abc_total"] = .raw(money(report.abcTotal))
            $0["xyz_measure"] = .string(report.xyzMeasure.rawValue)
            $0["abc_limits"] = .object([("a", .raw(JSONBuilder.Raw(report.abcLimits.a.description))),
                                        ("b", .raw(JSONBuilder.Raw(report.abcLimits.b.description)))])
            /// Z cells and the Z column count their erratic clients and those without a cv apart.
            func cell(_ figures: Report.CellFigures, _ keys: [(String, JSONBuilder.Value)], z: Bool = false) -> JSONBuilder.Value {
                .object(keys + [
                    ("clients", .int(figures.clients)), ("revenue", .raw(money(figures.revenue))),
                    ("share", .fraction(figures.share)), ("active", .int(figures.active)),
                    ("at_risk", .int(figures.atRisk)), ("lost", .int(figures.lost)),
                    ("ltv_loss", .raw(money(figures.ltvLoss))),
                ] + (z ? [("erratic", .int(figures.erratic)), ("short_history", .int(figures.withoutCV))] : []))
            }
            var cells: [JSONBuilder.Value] = []
            for abc in ABCClass.allCases {
                for xyz in XYZClass.allCases {
                    cells.append(cell(report.cell(abc, xyz), [("abc", .string(abc.rawValue)), ("xyz", .string(xyz.rawValue))],
                                      z: xyz == .z))
                }
            }
            $0["matrix"] = .object([
                ("cells", .array(cells)),
                ("rows", .array(ABCClass.allCases.map { cell(report.matrix.row($0), [("abc", .string($0.rawValue))]) })),
                ("columns", .array(XYZClass.allCases.map {
                    cell(report.matrix.column($0), [("xyz", .string($0.rawValue))], z: $0 == .z)
                })),
                ("total", cell(report.total, [])),
            ])
            $0["statuses"] = .object([("active", .int(report.total.active)), ("at_risk", .int(report.total.atRisk)),
                                      ("lost", .int(report.total.lost))])
            func loss(_ figures: Report.LossFigures) -> JSONBuilder.Value {
                .object([("clients", .int(figures.clients)), ("ltv_loss", .raw(money(figures.ltvLoss)))])
            }
            $0["ltv_loss"] = .object([
                ("total", .raw(money(report.totalLTVLoss))),
                ("in_window", .raw(money(report.ltvLossInWindow))),
                ("at_risk", loss(report.atRisk)),
                ("lost_in_window", loss(report.lostInWindow)),
                ("lost_before_window", loss(report.lostBeforeWindow)),
                ("lost_once_only", .int(report.lostOnceOnly)),
                ("by_tier", .array(report.tiers.map { figures in
                    .object([("tier", .int(figures.tier.rawValue)), ("meaning", .string(figures.tier.meaning)),
                             ("clients", .int(figures.clients)), ("ltv_loss", .raw(money(figures.ltvLoss)))])
                })),
            ])
            $0["period"] = periodValue(report.period, extra: [])
            $0["managers"] = .array(report.managers.map { row in
                periodValue(row.metrics, extra: [
                    ("manager", row.name.map { .string($0) } ?? .null), ("clients", .int(row.clients)),
                    ("at_risk", .int(row.atRisk)), ("lost", .int(row.lost)), ("ltv_loss", .raw(money(row.ltvLoss))),
                    ("lost_rate", rate(row.lostRate)),
                ], dates: false)
            })
            if let services = report.services { $0["services"] = servicesValue(services, money: money) }
            if let model = report.model { $0["model"] = modelValue(model, scale: report.scale) }
            $0["win_back"] = .object([("count", .int(report.winBackCount))]
                + (report.winBackSelection.filters ? [("selected", .int(report.winBackSelected))] : []) + [
                ("top", .array(report.topWinBack.enumerated().map { index, entry in
                    let client = entry.result
                    let notes: [(String, JSONBuilder.Value)] = !report.showsWinBackNotes ? [] : [
                        ("next_expected", .string(report.winBackNotes[index].nextExpected.description)),
                        ("lost_since", report.winBackNotes[index].lostSince.map { .string($0.description) } ?? .null),
                    ]
                    return .object([
                        ("rank", .int(entry.rank)), ("client", .string(client.client)), ("tier", .int(entry.tier.rawValue)),
                        ("abc", .string(client.abc.rawValue)), ("xyz", .string(client.xyz.rawValue)),
                        ("status", .string(client.status.rawValue)), ("ltv_loss", .raw(money(client.ltvLoss))),
                        ("annual_value", .raw(money(client.annualValue))), ("recency_days", .int(client.recencyDays)),
                        ("cycle_days", .raw(JSONBuilder.Raw(Spelling.days(client.cycleDays)))),
                        ("last_purchase", .string(client.lastPurchase.description)),
                        ("manager", client.manager.map { .string($0) } ?? .null),
                    ] + notes)
                })),
            ])
        }
        return json.text
    }

    private static func rate(_ value: Double?) -> JSONBuilder.Value {
        value.map { .fraction($0) } ?? .null
    }

    /// SPEC §13's per-service figures, with exactly the keys docs/report.md lists.
    private static func servicesValue(_ services: [ServiceFigures], money: (Money) -> JSONBuilder.Raw)
        -> JSONBuilder.Value
    {
        .array(services.map { service in
            let m = service.metrics
            return .object([
                ("service", .string(service.service)),
                ("cycle_days", .raw(JSONBuilder.Raw(Spelling.days(service.cycleDays)))),
                ("period", .object([("start", .string(m.start.description)), ("end", .string(m.end.description))])),
                ("pairs", .int(service.pairs)), ("active", .int(service.active)), ("at_risk", .int(service.atRisk)),
                ("lost", .int(service.lost)), ("ltv_loss", .raw(money(service.ltvLoss))),
                ("customers_at_start", .int(m.customersAtStart)), ("customers_at_end", .int(m.customersAtEnd)),
                ("new_customers", .int(m.newCustomers)), ("reactivated", .int(m.reactivated)),
                ("churned", .int(m.churned)), ("churn_rate", rate(m.churnRate)),
                ("retention_rate", rate(m.retentionRate)), ("previous_buyers", .int(m.previousBuyers)),
                ("returned", .int(m.returned)), ("return_rate", rate(m.returnRate)),
                ("lost_rate", rate(service.lostRate)),
                ("masters", .array(service.masters.map { master in
                    let mm = master.metrics
                    return .object([
                        ("master", master.name.map { .string($0) } ?? .null),
                        ("customers_at_start", .int(mm.customersAtStart)), ("churned", .int(mm.churned)),
                        ("previous_buyers", .int(mm.previousBuyers)), ("returned", .int(mm.returned)),
                        ("return_rate", rate(mm.returnRate)), ("churn_rate", rate(mm.churnRate)),
                        ("pairs", .int(master.pairs)), ("active", .int(master.active)),
                        ("at_risk", .int(master.atRisk)), ("lost", .int(master.lost)),
                        ("ltv_loss", .raw(money(master.ltvLoss))), ("lost_rate", rate(master.lostRate)),
                    ])
                })),
            ])
        })
    }

    private static func periodValue(_ metrics: PeriodMetrics, extra: [(String, JSONBuilder.Value)],
                                    dates: Bool = true) -> JSONBuilder.Value {
        let dateKeys: [(String, JSONBuilder.Value)] = dates ? [
            ("start", .string(metrics.start.description)), ("end", .string(metrics.end.description)),
            ("previous_start", .string(metrics.previousStart.description)),
        ] : []
        return .object(extra + dateKeys + [
            ("customers_at_start", .int(metrics.customersAtStart)), ("customers_at_end", .int(metrics.customersAtEnd)),
            ("customers_won", .int(metrics.customersWon)), ("new_customers", .int(metrics.newCustomers)),
            ("reactivated", .int(metrics.reactivated)), ("churned", .int(metrics.churned)),
            ("churn_rate", metrics.churnRate.map { .fraction($0) } ?? .null),
            ("retention_rate", metrics.retentionRate.map { .fraction($0) } ?? .null),
            ("previous_buyers", .int(metrics.previousBuyers)), ("returned", .int(metrics.returned)),
            ("return_rate", metrics.returnRate.map { .fraction($0) } ?? .null),
        ])
    }
}
