/// The one-page answer for an owner or a sales head: where the money is,
/// who is leaving, what it costs, and which manager loses whom.
///
/// Built from an ``Analysis`` (SPEC §3–§7) plus the period metrics of
/// SPEC §8; written as a terminal table, JSON, Markdown or an HTML page
/// (``Analysis/writeReport(_:as:to:)``).
///
/// ```swift
/// let report = try analysis.report(period: .month, top: 20)
/// print(report.period.churnRate!)        // 0.2
/// print(report.totalLTVLoss)             // 29472.00
/// print(report.lostBeforeWindow.ltvLoss) // 2400.00: long gone, not this year's loss
/// ```
public struct Report: Sendable {
    /// The day the analysis looks back from.
    public let asOf: Day
    /// The window of SPEC §2, first and last day.
    public let window: ClosedRange<Day>
    /// Fraction digits of money.
    public let scale: Int
    /// Rows and clients accounted for, so the reader sees what the figures stand on.
    public let summary: IngestSummary
    /// The median own cycle of the clients that have one (§5); `nil` when none has one and the
    /// fallback was used.
    public let populationCycleDays: Double?
    /// What ABC ranked by (SPEC §3).
    public let abcMeasure: ABCMeasure
    /// What XYZ measured (SPEC §4).
    public let xyzMeasure: XYZMeasure
    /// `T`: the sum of the ABC measure over the clients whose measure is positive.
    public let abcTotal: Money
    /// Revenue in the window of the clients with positive window revenue.
    public let totalRevenue: Money
    /// The ABC × XYZ matrix: each cell, row and column, and the total.
    public let matrix: ClassMatrix
    /// The clients on the win-back list and their value lost, for each tier
    /// 1…4 in order (a tier with no client included).
    public let tiers: [TierFigures]
    /// Value lost split by how long ago it went: the at-risk clients, the
    /// lost ones who were still customers when the window began (this
    /// window's loss), and the lost ones already lost by then ("long gone").
    /// The three add up to ``totalLTVLoss``.
    public let atRisk: LossFigures
    /// Lost clients who were still customers when the window began: this window's loss.
    public let lostInWindow: LossFigures
    /// Lost clients already lost when the window began: long gone, not this window's loss.
    public let lostBeforeWindow: LossFigures
    /// Lost clients (in or before the window) with one purchase day only.
    public let lostOnceOnly: Int
    /// SPEC §8 for the reporting period, over all clients.
    public let period: PeriodMetrics
    /// The same per manager (by name, then the clients with no manager).
    public let managers: [ManagerFigures]
    /// Whose cycles judged the statuses (SPEC §13).
    public let cycles: CycleBasis
    /// Per service (in byte order, `""` first), in service mode; `nil` with
    /// ``CycleBasis/client``.
    public let services: [ServiceFigures]?
    /// The first entries of the win-back list (of those the selection keeps,
    /// in its order; each with its rank on the whole list).
    public let topWinBack: [WinBackEntry]
    /// The whole list's length.
    public let winBackCount: Int
    /// The entries the selection keeps, before `top` (``winBackCount`` without one).
    public let winBackSelected: Int
    /// Which entries of the win-back list the report shows (``WinBackSelection``;
    /// its `top` is the report's own).
    public let winBackSelection: WinBackSelection
    /// For each of ``topWinBack``, when the report was asked for the extended
    /// columns: when the client was due back, since when it is lost, and why
    /// it is on the list; empty otherwise.
    public let winBackNotes: [WinBackNotes]
    /// Whether the report was asked for ``winBackNotes`` (its pages then show their columns).
    public let showsWinBackNotes: Bool
    /// The Pareto curve of the ABC measure, with the last A and B client marked.
    public let pareto: ParetoCurve
    /// The cut points used, `a` and `b`.
    public let abcLimits: ABCLimits
    /// The probabilistic model's figures (SPEC §14); `nil` unless the analysis ran the model.
    public let model: ReportModel?

    /// Clients and the value they cost.
    public struct LossFigures: Hashable, Sendable {
        /// Clients in the group.
        public var clients = 0
        /// Their lifetime value lost.
        public var ltvLoss = Money.zero

        mutating func add(_ record: ClientRecord) {
            clients += 1
            ltvLoss = ltvLoss + Money(minorUnits: record.ltvLoss)
        }
    }

    /// The figures of one ABC/XYZ cell (or a row, column or grand total).
    public struct CellFigures: Hashable, Sendable {
        /// Clients in the cell.
        public var clients = 0
        /// Net revenue in the window.
        public var revenue = Money.zero
        /// Share of `T`, the ABC measure's total (the sum of its clients' shares).
        public var share = 0.0
        /// Of them, active at as-of.
        public var active = 0
        /// Of them, at risk at as-of.
        public var atRisk = 0
        /// Of them, lost at as-of.
        public var lost = 0
        /// The lifetime value lost by the cell's at-risk and lost clients.
        public var ltvLoss = Money.zero
        /// Clients with too short a history for a `cv` (all of them Z); the
        /// other Z clients are erratic.
        public var withoutCV = 0

        /// Z clients whose `cv` is above `y` (0 in the X and Y columns).
        public var erratic: Int { clients - withoutCV }

        mutating func add(_ record: ClientRecord) {
            clients += 1
            if record.cv.isNaN { withoutCV += 1 }
            revenue = revenue + Money(minorUnits: record.revenue)
            switch record.status {
            case .active: active += 1
            case .atRisk: atRisk += 1
            case .lost: lost += 1
            }
            ltvLoss = ltvLoss + Money(minorUnits: record.ltvLoss)
        }

        mutating func add(_ other: CellFigures) {
            clients += other.clients
            withoutCV += other.withoutCV
            revenue = revenue + other.revenue
            active += other.active
            atRisk += other.atRisk
            lost += other.lost
            ltvLoss = ltvLoss + other.ltvLoss
        }
    }

    /// One manager's row: SPEC §8 counts of the clients that were theirs at
    /// `d0` (customers at the start, churned, previous buyers and returns) and
    /// at `d1` (customers at the end, new customers), and the value lost by
    /// the at-risk and lost clients that are theirs at as-of.
    public struct ManagerFigures: Hashable, Sendable {
        /// `nil` for the clients with no manager.
        public var name: String?
        /// §8's counts over the clients that were this manager's at `d0` or `d1`.
        public var metrics: PeriodMetrics
        /// Clients with a purchase day whose manager at as-of this is.
        public var clients = 0
        /// Of them, at risk at as-of.
        public var atRisk = 0
        /// Of them, lost at as-of.
        public var lost = 0
        /// The value lost by this manager's at-risk and lost clients: whose calls matter most.
        public var ltvLoss = Money.zero

        /// `lost / clients`: the share of this manager's clients lost (SPEC §13).
        public var lostRate: Double? { clients > 0 ? Double(lost) / Double(clients) : nil }
    }

    /// The call-list columns of a win-back entry (``ListingContent/extended``).
    public struct WinBackNotes: Hashable, Sendable {
        /// `next_expected`: last purchase + cycle, rounded up to a day.
        public var nextExpected: Day
        /// `lost_since`: the first day the client counted as lost; `nil` unless lost.
        public var lostSince: Day?
        /// The reasons in words (``WhyText``).
        public var why: String
    }

    /// The cell of a class pair (``ClassMatrix/cell(_:_:)``).
    public func cell(_ abc: ABCClass, _ xyz: XYZClass) -> CellFigures { matrix.cell(abc, xyz) }

    /// All clients: the matrix's grand total.
    public var total: CellFigures { matrix.total }

    /// Total lifetime value lost (equals the sum over cells, tiers and managers).
    public var totalLTVLoss: Money { total.ltvLoss }

    /// This window's loss: the at-risk clients and those lost since the
    /// window began, without the long gone (the headline figure).
    public var ltvLossInWindow: Money { atRisk.ltvLoss + lostInWindow.ltvLoss }

    /// The Z column: erratic clients and those with too short a history for a `cv`.
    public var zClients: CellFigures { matrix.column(.z) }
}

/// Which period the report's churn, retention and return rates cover.
public enum ReportPeriod: Hashable, Sendable {
    /// The month ending at as-of, `(asOf − 1 month, asOf]` (SPEC §8's default).
    case month
    /// `(asOf − 3 months, asOf]`.
    case quarter
    /// `(asOf − 12 months, asOf]`.
    case year
    /// The days `from` through `through`, both included: `(from − 1 day, through]`.
    case days(from: Day, through: Day)

    /// `d0` and `d1`.
    func bounds(asOf: Day) -> (start: Day, end: Day) {
        switch self {
        case .month: (asOf.addingMonths(-1), asOf)
        case .quarter: (asOf.addingMonths(-3), asOf)
        case .year: (asOf.addingMonths(-12), asOf)
        case .days(let from, let through): (from.addingDays(-1), through)
        }
    }
}

extension Analysis {
    /// Whether a lost client is long gone: already lost, by its own cycle,
    /// on the day before the window's first (so none of its loss is this
    /// window's). In service mode: lost then for every service it used (§13).
    func wasLostBeforeWindow(_ record: ClientRecord) -> Bool {
        guard record.status == .lost else { return false }
        let rule = StatusRule(options), windowStart = grid.windowStart.daysSince1970
        func lostThen(_ record: ClientRecord) -> Bool {
            rule.status(recency: windowStart - record.lastPurchase, cycle: record.cycle) == .lost
        }
        guard let pairs else { return lostThen(record) }
        return pairs.pairs(of: Int(record.client)).allSatisfy { lostThen(pairs.records[$0]) }
    }

    /// The report of SPEC §8 and the matrix, tiers and win-back list of §3–§7.
    /// - Parameters:
    ///   - period: the reporting period; the month ending at as-of by default.
    ///   - top: how many win-back entries to include.
    ///   - servicePeriod: in service mode, the period of each service's
    ///     figures (SPEC §13): one cycle of the service by default.
    ///   - selection: which win-back entries to show, in what order (its
    ///     `top` is ignored: `top` is); no figure changes.
    ///   - extended: add ``Report/winBackNotes`` for the entries shown.
    /// - Throws: ``OptionsError`` for a period that ends before it starts, or
    ///   a selection naming a manager the data does not have.
    public func report(period: ReportPeriod = .month, top: Int = 20, servicePeriod: ServicePeriod = .cycle,
                       selection: WinBackSelection = WinBackSelection(), extended: Bool = false) throws -> Report {
        let (start, end) = period.bounds(asOf: asOf)
        guard start < end else {
            throw OptionsError(option: "period", requirement: "a range whose first day is on or before its last")
        }
        guard top >= 0 else { throw OptionsError(option: "top", requirement: "zero or more") }
        var marks = Trace.Marks()
        let records = clients.records

        // The matrix, statuses and tiers at as-of.
        let measure = options.abcMeasure
        var cells = [Report.CellFigures](repeating: .init(), count: 9)
        var positiveMeasure = [Int64](repeating: 0, count: 9)
        var tiers = (1...4).map { Report.TierFigures(WinBackTier(rawValue: $0)!) }
        var atRisk = Report.LossFigures(), lostInWindow = Report.LossFigures(), lostBefore = Report.LossFigures()
        var lostOnceOnly = 0
        for record in records {
            let index = record.abc.index * 3 + record.xyz.index
            cells[index].add(record)
            let value = record.abcValue(measure)
            if value > 0 { positiveMeasure[index] += value }
            if record.tier > 0 {
                tiers[Int(record.tier) - 1].ltvLoss = tiers[Int(record.tier) - 1].ltvLoss + Money(minorUnits: record.ltvLoss)
                tiers[Int(record.tier) - 1].clients += 1
            }
            switch record.status {
            case .active: break
            case .atRisk: atRisk.add(record)
            case .lost:
                if wasLostBeforeWindow(record) {
                    lostBefore.add(record)
                } else {
                    lostInWindow.add(record)
                }
                if record.purchases == 1 { lostOnceOnly += 1 }
            }
        }
        let totalMeasure = Double(abcTotal.minorUnits)
        for index in 0..<9 where totalMeasure > 0 { cells[index].share = Double(positiveMeasure[index]) / totalMeasure }
        func sum(_ indices: [Int]) -> Report.CellFigures {
            var figures = Report.CellFigures()
            for index in indices { figures.add(cells[index]) }
            let positive = indices.reduce(Int64(0)) { $0 + positiveMeasure[$1] }
            figures.share = totalMeasure > 0 ? Double(positive) / totalMeasure : 0
            return figures
        }
        let matrix = Report.ClassMatrix(
            cells: cells, rows: (0..<3).map { row in sum([row * 3, row * 3 + 1, row * 3 + 2]) },
            columns: (0..<3).map { column in sum([column, column + 3, column + 6]) }, total: sum(Array(0..<9)))
        marks.mark("report: matrix")

        // SPEC §8.
        var metrics = PeriodMetrics(start: start, end: end, previousStart: start.addingDays(-(end - start)))
        let pass = PeriodPass(metrics, options: options, threads: threads)
        let standings = pass.standings(histories)
        var (atStart, atEnd) = pass.statuses(standings)
        var services: [ServiceFigures]? = nil
        if let pairs {  // §13: client statuses from their pairs, and the per-service figures
            func population(_ cycle: (PeriodStanding) -> Double) -> Double? {
                Median.ofHalves(standings.compactMap { cycle($0).isNaN ? nil : cycle($0) })
            }
            let figures = serviceFigures(pairs, start: start, end: end, servicePeriod: servicePeriod,
                                         populationAtStart: population(\.ownCycleAtStart),
                                         populationAtEnd: population(\.ownCycleAtEnd))
            (atStart, atEnd, services) = (figures.atStart, figures.atEnd, figures.services)
        }
        // Indexed by manager number + 1 (0: no manager).
        var byManager = (0...names.managers.count).map { manager in
            Report.ManagerFigures(name: manager == 0 ? nil : names.managers.string(manager - 1),
                                  metrics: PeriodMetrics(start: start, end: end, previousStart: metrics.previousStart))
        }
        var mentioned = [Bool](repeating: false, count: byManager.count)
        for client in standings.indices where standings[client].purchasesAtEnd > 0 {
            let standing = standings[client]
            metrics.count(standing, atStart: atStart[client], atEnd: atEnd[client])
            let startManager = Int(standing.managerAtStart), endManager = Int(standing.managerAtEnd)
            byManager[startManager].metrics.count(standing, atStart: atStart[client], atEnd: atEnd[client],
                                                  inStart: true, inEnd: false)
            byManager[endManager].metrics.count(standing, atStart: atStart[client], atEnd: atEnd[client],
                                                inStart: false, inEnd: true)
            mentioned[startManager] = true
            mentioned[endManager] = true
        }
        for record in records {
            let manager = Int(record.manager)
            byManager[manager].clients += 1
            if record.status == .atRisk { byManager[manager].atRisk += 1 }
            if record.status == .lost { byManager[manager].lost += 1 }
            byManager[manager].ltvLoss = byManager[manager].ltvLoss + Money(minorUnits: record.ltvLoss)
            mentioned[manager] = true
        }
        // Managers in id order, then the clients with no manager.
        let managers = (Array(1..<byManager.count) + [0]).filter { mentioned[$0] }.map { byManager[$0] }
        marks.mark("report: period metrics")

        // The Pareto curve of the ABC measure, thinned to about 400 points, and the cut points.
        let ranked = records.prefix { $0.abcValue(measure) > 0 }
        var pareto = Report.ParetoCurve()
        var cumulative: Int64 = 0
        let step = max(1, ranked.count / 400)
        for (position, record) in ranked.enumerated() {
            cumulative += record.abcValue(measure)
            let x = Double(position + 1) / Double(ranked.count)
            let isLastOfClass = position + 1 == ranked.count || ranked[ranked.startIndex + position + 1].abc != record.abc
            if isLastOfClass, record.abc == .a { pareto.lastA = x }
            if isLastOfClass, record.abc == .b { pareto.lastB = x }
            if (position + 1) % step == 0 || isLastOfClass {
                pareto.points.append(.init(clients: x, measure: totalMeasure > 0 ? Double(cumulative) / totalMeasure : 0))
            }
        }

        // The win-back entries shown: the selection's, the first `top`, each with its rank.
        var selection = selection
        selection.top = nil
        let listRecords = winBackList.indices.map { winBackList.record(at: $0) }
        let selected = try select(listRecords, selection, perService: false)
        let shown = Array(selected.positions.prefix(top))
        let topWinBack = shown.map { winBackList[$0] }
        let notes = !extended ? [] : shown.map { position -> Report.WinBackNotes in
            let record = listRecords[position]
            return Report.WinBackNotes(
                nextExpected: Day(daysSince1970: Int(nextExpected(record))),
                lostSince: lostSince(record, perService: false).map { Day(daysSince1970: Int($0)) },
                why: WhyText.sentence(record, cell: record, options: options))
        }

        return Report(
            asOf: asOf, window: grid.windowStart.addingDays(1)...asOf, scale: scale, summary: summary,
            populationCycleDays: populationCycleDays, abcMeasure: measure, xyzMeasure: options.xyzMeasure,
            abcTotal: abcTotal, totalRevenue: totalRevenue, matrix: matrix, tiers: tiers,
            atRisk: atRisk, lostInWindow: lostInWindow, lostBeforeWindow: lostBefore, lostOnceOnly: lostOnceOnly,
            period: metrics, managers: managers, cycles: cycles, services: services,
            topWinBack: topWinBack, winBackCount: winBackList.count, winBackSelected: selected.positions.count,
            winBackSelection: selection, winBackNotes: notes, showsWinBackNotes: extended, pareto: pareto,
            abcLimits: options.abcLimits, model: reportModel)
    }
}
