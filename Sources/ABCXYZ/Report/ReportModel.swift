/// The model's part of the report (SPEC §14), when the analysis ran the model:
/// the fit, how P(alive) is spread within each status of the cycle rule, and
/// the expected CLV by win-back tier and by ABC/XYZ cell.
///
/// ```swift
/// var model = ModelOptions()
/// let report = try table.analyze(model: model).report()
/// let lost = report.model!.aliveByStatus[2]
/// print(lost.status, lost.bins, lost.median!)   // lost [2, 1, 0, …] 0.31…
/// ```
public struct ReportModel: Sendable {
    /// The purchase model's fit, as on the model's own pages.
    public let fit: PurchaseModelFit
    /// The spend model's fit.
    public let spend: ModelFit<GammaGamma>
    /// The options the model ran with, so the page can say what it assumed.
    public let options: ModelOptions
    /// Clients in the fit (every client with an occasion) and those with a repeat occasion.
    public let clients: Int
    /// Of them, those with a repeat occasion: the ones the fit learns rhythms from.
    public let repeaters: Int
    /// Active, at-risk and lost, in that order.
    public let aliveByStatus: [AliveDistribution]
    /// Win-back tiers 1…4.
    public let clvByTier: [CLVFigures]
    /// The active clients (who have no tier).
    public let clvActive: CLVFigures
    /// The nine cells, row by row: AX, AY, AZ, BX, …, CZ.
    public let clvByCell: [CLVFigures]
    /// All clients.
    public let clvTotal: CLVFigures

    /// The clients of one status by P(alive), in tenths.
    public struct AliveDistribution: Hashable, Sendable {
        /// The status these clients have by the cycle rule.
        public var status: ClientStatus
        /// Clients of that status in the fit.
        public var clients = 0
        /// `bins[k]`: clients with k/10 ≤ P(alive) < (k+1)/10, P(alive) as printed
        /// (6 decimals); the last bin holds 1 too.
        public var bins = [Int](repeating: 0, count: 10)
        /// The median P(alive) (the mean of the two middle values for an even
        /// count); `nil` with no client.
        public var median: Double?
    }

    /// Expected CLV of a group of clients.
    public struct CLVFigures: Hashable, Sendable {
        /// Clients in the group.
        public var clients = 0
        /// Clients with a CLV (all, unless Gamma-Gamma's q ≤ 1 leaves spend undefined).
        public var clientsWithCLV = 0
        private var total = Money.zero
        /// The sum of their CLVs (0 for no client); `nil` when there are clients but none has one.
        public var clv: Money? { clients > 0 && clientsWithCLV == 0 ? nil : total }
        /// `clv / clientsWithCLV`, rounded half away from zero to a minor unit; `nil` with none.
        public var averageCLV: Money? {
            clientsWithCLV == 0 ? nil : Money(minorUnits: MoneyRounding.divide(total.minorUnits, by: Int64(clientsWithCLV)))
        }

        mutating func add(_ forecast: ClientForecast) {
            clients += 1
            guard let value = forecast.clv else { return }
            clientsWithCLV += 1
            total = total + value
        }
    }

    /// P(alive) as printed, in millionths: the bins follow the printed column exactly.
    static func millionths(_ probability: Double) -> Int {
        var bytes: [UInt8] = []
        DecimalText.appendFixed(probability, digits: 6, to: &bytes)
        return bytes.reduce(0) { (0x30...0x39).contains($1) ? $0 * 10 + Int($1 - 0x30) : $0 }
    }

    init(_ analysis: Analysis, _ model: ModelForecast) {
        fit = model.purchases
        spend = model.spend
        options = model.options
        clients = model.summary.clientCount
        repeaters = model.summary.repeaters
        var alive = [ClientStatus.active, .atRisk, .lost].map { AliveDistribution(status: $0) }
        var values: [[Double]] = [[], [], []]
        var byTier = [CLVFigures](repeating: .init(), count: 4)
        var active = CLVFigures()
        var byCell = [CLVFigures](repeating: .init(), count: 9)
        var total = CLVFigures()
        for (record, forecast) in zip(analysis.clients.records, model.clients) {
            let status = record.status == .active ? 0 : record.status == .atRisk ? 1 : 2
            let probability = forecast.probabilityAlive
            if probability.isFinite {
                alive[status].clients += 1
                alive[status].bins[min(9, Self.millionths(probability) / 100_000)] += 1
                values[status].append(probability)
            }
            if record.tier == 0 { active.add(forecast) } else { byTier[Int(record.tier) - 1].add(forecast) }
            byCell[record.abc.index * 3 + record.xyz.index].add(forecast)
            total.add(forecast)
        }
        for status in 0..<3 where !values[status].isEmpty {
            let sorted = values[status].sorted()
            let middle = sorted.count / 2
            alive[status].median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        aliveByStatus = alive
        clvByTier = byTier
        clvActive = active
        clvByCell = byCell
        clvTotal = total
    }
}

extension Analysis {
    /// The model's part of the report, when the analysis ran the model.
    var reportModel: ReportModel? {
        model.map { ReportModel(self, $0) }
    }
}

extension ReportDocument {
    /// The model's section: the fit, P(alive) by status, CLV by tier and by cell.
    static func modelSection(_ model: ReportModel, scale: Int) -> Section {
        let money = { (value: Money?) in value.map { Spelling.money($0, scale: scale) } ?? "-" }
        func parameters(_ list: [(name: String, value: Double)]) -> String {
            list.map { "\($0.name) \(ReportModel.fixed($0.value, 4))" }.joined(separator: ", ")
        }
        func state(converged: Bool, iterations: Int) -> String {
            converged ? "converged in \(iterations) iterations" : "NOT converged after \(iterations) iterations"
        }
        let fit = model.fit, spend = model.spend
        let g = spend.parameters
        var section = Section(title: "Probabilistic model (\(fit.kind.title))")
        let horizon = model.options.horizonYears
        section.lines = [
            "\(fit.kind.title) fitted to \(clients(model.clients)) (\(model.repeaters) with a repeat occasion; occasions "
                + "\(model.options.occasions.rawValue), time in \(model.options.unit.rawValue)s): "
                + "\(parameters(fit.parameters)); log-likelihood \(ReportModel.fixed(fit.logLikelihood, 2)), "
                + "\(state(converged: fit.converged, iterations: fit.iterations)).",
            "Gamma-Gamma spend per occasion: \(parameters([("p", g.p), ("q", g.q), ("gamma", g.gamma)])); "
                + "log-likelihood \(ReportModel.fixed(spend.logLikelihood, 2)), "
                + "\(state(converged: spend.converged, iterations: spend.iterations)).",
            "Expected CLV over the next \(Spelling.days(horizon)) year\(horizon == 1 ? "" : "s"), discounted "
                + "\(Spelling.percent(model.options.monthlyDiscount)) a month: \(money(model.clvTotal.clv)) "
                + "for \(clients(model.clvTotal.clients)).",
            "P(alive) is the model's probability that a client is still a customer; below, the clients of each "
                + "status of the cycle rule by P(alive) in tenths. A lost client with a high P(alive) buys rarely "
                + "and is only late; an active one with a low P(alive) used to buy more often.",
        ]
        var alive = Table(headers: ["status", "clients"] + ReportModel.binLabels + ["median"], rows: [],
                          numeric: [false] + Array(repeating: true, count: 12))
        for distribution in model.aliveByStatus {
            alive.rows.append([distribution.status.rawValue, String(distribution.clients)]
                + distribution.bins.map(String.init) + [distribution.median.map { ReportModel.fixed($0, 3) } ?? "-"])
        }
        func row(_ first: [String], _ figures: ReportModel.CLVFigures) -> [String] {
            first + [String(figures.clients), money(figures.clv), money(figures.averageCLV)]
        }
        var tiers = Table(headers: ["tier", "meaning", "clients", "expected CLV", "average CLV"], rows: [],
                          numeric: [true, false, true, true, true])
        for tier in 1...4 {
            tiers.rows.append(row([String(tier), WinBackTier(rawValue: tier)!.meaning], model.clvByTier[tier - 1]))
        }
        tiers.rows.append(row(["", "active (no tier)"], model.clvActive))
        tiers.rows.append(row(["", "total"], model.clvTotal))
        tiers.totalRows = [5]
        var cells = Table(headers: ["cell", "clients", "expected CLV", "average CLV"], rows: [],
                          numeric: [false, true, true, true])
        for abc in ABCClass.allCases {
            for xyz in XYZClass.allCases {
                cells.rows.append(row([abc.rawValue + xyz.rawValue], model.clvByCell[abc.index * 3 + xyz.index]))
            }
        }
        cells.rows.append(row(["all"], model.clvTotal))
        cells.totalRows = [9]
        section.tables = [alive, tiers, cells]
        return section
    }
}

extension ReportModel {
    /// `0–0.1` … `0.9–1`.
    static let binLabels = (0..<10).map { "\(label($0))–\(label($0 + 1))" }

    private static func label(_ tenth: Int) -> String {
        tenth == 0 ? "0" : tenth == 10 ? "1" : "0.\(tenth)"
    }

    /// `value` with `digits` decimals, for people.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var bytes: [UInt8] = []
        DecimalText.appendFixed(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ReportJSON {
    /// The `model` object: the fit, P(alive) by status, CLV by tier and by cell.
    static func modelValue(_ model: ReportModel, scale: Int) -> JSONBuilder.Value {
        let money = { (value: Money?) in value.map { JSONBuilder.Value.raw(JSONBuilder.Raw($0.formatted(scale: scale))) } ?? .null }
        let number = { (value: Double) in JSONBuilder.Value.raw(JSONBuilder.Raw("\(value)")) }
        func clv(_ keys: [(String, JSONBuilder.Value)], _ figures: ReportModel.CLVFigures) -> JSONBuilder.Value {
            .object(keys + [("clients", .int(figures.clients)), ("clients_with_clv", .int(figures.clientsWithCLV)),
                            ("clv", money(figures.clv)), ("average_clv", money(figures.averageCLV))])
        }
        let g = model.spend.parameters
        return .object([
            ("name", .string(model.fit.kind.rawValue)),
            ("occasions", .string(model.options.occasions.rawValue)),
            ("unit", .string(model.options.unit.rawValue)),
            ("monthly_discount", number(model.options.monthlyDiscount)),
            ("clients", .int(model.clients)), ("repeaters", .int(model.repeaters)),
            ("parameters", .object(model.fit.parameters.map { ($0.name, number($0.value)) })),
            ("log_likelihood", number(model.fit.logLikelihood)),
            ("iterations", .int(model.fit.iterations)),
            ("converged", .raw(JSONBuilder.Raw(model.fit.converged ? "true" : "false"))),
            ("gamma_gamma", .object([
                ("p", number(g.p)), ("q", number(g.q)), ("gamma", number(g.gamma)),
                ("log_likelihood", number(model.spend.logLikelihood)), ("iterations", .int(model.spend.iterations)),
                ("converged", .raw(JSONBuilder.Raw(model.spend.converged ? "true" : "false"))),
            ])),
            ("p_alive_by_status", .array(model.aliveByStatus.map { distribution in
                .object([("status", .string(distribution.status.rawValue)), ("clients", .int(distribution.clients)),
                         ("bins", .raw(JSONBuilder.Raw("[" + distribution.bins.map(String.init).joined(separator: ", ") + "]"))),
                         ("median", distribution.median.map { .fraction($0) } ?? .null)])
            })),
            ("clv_by_tier", .array((1...4).map { tier in
                clv([("tier", .int(tier)), ("meaning", .string(WinBackTier(rawValue: tier)!.meaning))],
                    model.clvByTier[tier - 1])
            })),
            ("clv_active", clv([], model.clvActive)),
            ("clv_by_cell", .array(ABCClass.allCases.flatMap { abc in
                XYZClass.allCases.map { xyz in
                    clv([("abc", .string(abc.rawValue)), ("xyz", .string(xyz.rawValue))],
                        model.clvByCell[abc.index * 3 + xyz.index])
                }
            })),
            ("clv_total", clv([], model.clvTotal)),
        ])
    }
}
