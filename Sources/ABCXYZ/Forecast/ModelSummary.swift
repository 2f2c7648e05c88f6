/// Clients that share one (x, t_x, T): the likelihoods of BG/NBD and
/// Pareto/NBD depend on nothing else, so each distinct triple is evaluated once.
public struct FrequencyRecency: Hashable, Sendable {
    /// Repeat occasions: occasions − 1.
    public var x: Int
    /// From the first to the last occasion, in the model's unit.
    public var tx: Double
    /// From the first occasion to as-of, in the model's unit.
    public var T: Double
    /// How many clients have these values.
    public var count: Int

    /// A group of `count` clients with these (x, t_x, T).
    public init(x: Int, tx: Double, T: Double, count: Int = 1) {
        self.x = x
        self.tx = tx
        self.T = T
        self.count = count
    }
}

/// Clients that share one (x, m_x), for the Gamma-Gamma spend model.
public struct SpendObservation: Hashable, Sendable {
    /// Repeat occasions, > 0.
    public var x: Int
    /// Mean net amount of the repeat occasions in currency units, > 0.
    public var mx: Double
    /// How many clients have these values.
    public var count: Int

    /// A group of `count` clients with these (x, m_x).
    public init(x: Int, mx: Double, count: Int = 1) {
        self.x = x
        self.mx = mx
        self.count = count
    }
}

/// One client's (or one summary row's) calibration figures of SPEC §14.
public struct ClientSummary: Hashable, Sendable {
    /// The client id; for a summary file, the row's line number.
    public var client: String
    /// Repeat occasions: occasions − 1.
    public var x: Int
    /// From the first to the last occasion, in the model's unit.
    public var tx: Double
    /// From the first occasion to as-of, in the model's unit.
    public var T: Double
    /// Mean net amount of the repeat occasions in currency units (the first
    /// occasion left out); `nil` when x = 0.
    public var mx: Double?
    /// Clients this row stands for (1 for a client of a sales file).
    public var count: Int
    /// This row's place in ``ModelSummary/groups`` (set by ``ModelSummary/init(rows:unit:occasions:asOf:)``).
    public var group: Int

    /// A row as a sales file or a summary file gives it; ``ModelSummary`` sets `group`.
    public init(client: String, x: Int, tx: Double, T: Double, mx: Double?, count: Int = 1, group: Int = 0) {
        self.client = client
        self.x = x
        self.tx = tx
        self.T = T
        self.mx = mx
        self.count = count
        self.group = group
    }
}

/// The model's view of the data (SPEC §14): per client with an occasion, x,
/// t_x, T and m_x, and the identical (x, t_x, T) grouped with counts.
///
/// ```swift
/// var options = ModelOptions()
/// options.asOf = Day(iso: "1997-09-30")
/// options.occasions = .transactionDays
/// let summary = try TransactionTable(contentsOfFile: "fixtures/cdnow/cdnow_sample.csv").modelSummary(options)
/// print(summary.clientCount, summary.repeaters)   // 2357 946
/// ```
public struct ModelSummary: Sendable {
    /// The unit of every t_x and T, and of the rates a fit gives.
    public let unit: ModelUnit
    /// `nil` for a summary read from a file (the occasions were counted elsewhere).
    public let occasions: ModelOccasions?
    /// The end of calibration; `nil` for a summary read from a file (T was measured elsewhere).
    public let asOf: Day?
    /// In the table's client order (ids in byte order); for a summary file, in line order.
    public let clients: [ClientSummary]
    /// Distinct (x, t_x, T), ordered by x, then t_x, then T.
    public let groups: [FrequencyRecency]
    /// Distinct (x, m_x) of the clients with x > 0 and m_x > 0 (the Gamma-Gamma fit).
    public let spend: [SpendObservation]
    /// Clients with an occasion (the sum of the counts).
    public let clientCount: Int
    /// Clients with x > 0.
    public let repeaters: Int

    /// Groups the rows; `clients[i].group` is filled in here.
    public init(rows: [ClientSummary], unit: ModelUnit, occasions: ModelOccasions?, asOf: Day?) {
        struct Key: Hashable {
            var x: Int
            var tx: UInt64
            var age: UInt64
        }
        var index: [Key: Int] = [:]
        var keys: [FrequencyRecency] = []
        for row in rows {
            let key = Key(x: row.x, tx: row.tx.bitPattern, age: row.T.bitPattern)
            if let slot = index[key] {
                keys[slot].count += row.count
            } else {
                index[key] = keys.count
                keys.append(FrequencyRecency(x: row.x, tx: row.tx, T: row.T, count: row.count))
            }
        }
        let order = keys.indices.sorted {
            let a = keys[$0], b = keys[$1]
            return (a.x, a.tx, a.T) < (b.x, b.tx, b.T)
        }
        var position = [Int](repeating: 0, count: keys.count)
        for (rank, slot) in order.enumerated() { position[slot] = rank }
        groups = order.map { keys[$0] }
        clients = rows.map { row in
            var row = row
            row.group = position[index[Key(x: row.x, tx: row.tx.bitPattern, age: row.T.bitPattern)]!]
            return row
        }
        var spendIndex: [Key: Int] = [:]
        var spend: [SpendObservation] = []
        for row in rows where row.x > 0 {
            guard let mx = row.mx, mx > 0 else { continue }
            let key = Key(x: row.x, tx: mx.bitPattern, age: 0)
            if let slot = spendIndex[key] {
                spend[slot].count += row.count
            } else {
                spendIndex[key] = spend.count
                spend.append(SpendObservation(x: row.x, mx: mx, count: row.count))
            }
        }
        self.spend = spend.sorted { ($0.x, $0.mx) < ($1.x, $1.mx) }
        clientCount = rows.reduce(0) { $0 + $1.count }
        repeaters = rows.reduce(0) { $0 + ($1.x > 0 ? $1.count : 0) }
        self.unit = unit
        self.occasions = occasions
        self.asOf = asOf
    }

    /// Rows already grouped (their `group` set), groups and spend in the order of ``groups`` and ``spend``.
    init(unit: ModelUnit, occasions: ModelOccasions?, asOf: Day?, clients: [ClientSummary],
         groups: [FrequencyRecency], spend: [SpendObservation]) {
        self.unit = unit
        self.occasions = occasions
        self.asOf = asOf
        self.clients = clients
        self.groups = groups
        self.spend = spend
        clientCount = clients.count
        repeaters = clients.reduce(0) { $0 + ($1.x > 0 ? 1 : 0) }
    }

    /// The summary of every client's history through `asOf`.
    init(_ histories: ClientHistories, names: ByteStrings, asOf: Day, occasions: ModelOccasions, unit: ModelUnit,
         scale: Int, threads: Int) {
        let end = asOf.daysSince1970
        let ranges = Parallel.ranges(histories.clientCount, parts: max(1, threads * 4))
        let minorPerMajor = (0..<scale).reduce(1.0) { value, _ in value * 10 }
        let parts = Parallel.map(ranges.count, threads: threads) { part -> [ClientSummary] in
            var rows: [ClientSummary] = []
            histories.rows.withUnsafeBufferPointer { history in
                for client in ranges[part] {
                    var tally = OccasionTally(occasions)
                    DayWalk.forEachDay(history, histories.starts[client]..<histories.starts[client + 1]) { day, net, _ in
                        tally.add(day: day, net: net)
                    }
                    guard tally.count > 0 else { continue }
                    let x = tally.count - 1
                    rows.append(ClientSummary(
                        client: names.string(client), x: x,
                        tx: Double(tally.last - tally.first) / unit.days, T: Double(end - tally.first) / unit.days,
                        mx: x > 0 ? Double(tally.repeatNet) / minorPerMajor / Double(x) : nil,
                        count: 1, group: 0))
                }
            }
            return rows
        }
        self.init(rows: parts.flatMap { $0 }, unit: unit, occasions: occasions, asOf: asOf)
    }
}

/// The model summary built from the classifier's own pass over the histories
/// (``ClientFacts`` carries each client's ``OccasionTally``), and which row is
/// whose, so that no second walk or grouping is needed.
struct PassSummary: Sendable {
    let summary: ModelSummary
    /// The row of each client (by client number) in `summary.clients`; −1 with no occasion.
    let rowOfClient: [Int32]

    /// Groups by radix sort on whole days (x, t_x and T in days order the same as
    /// in any unit), not by hashing doubles: linear in the clients.
    init(_ facts: [ClientFacts], names: ByteStrings, asOf: Day, options: ModelOptions, scale: Int, threads: Int = 1) {
        let end = asOf.daysSince1970
        let unit = options.unit
        let minorPerMajor = (0..<scale).reduce(1.0) { value, _ in value * 10 }
        var rowOfClient = [Int32](repeating: -1, count: facts.count)
        var owners: [Int] = []   // client number of each row
        for client in facts.indices where facts[client].occasions > 0 {
            rowOfClient[client] = Int32(owners.count)
            owners.append(client)
        }
        // (x, t_x, T) in days, packed as 21 + 21 + 22 bits (x < 2M occasions, spans < 5 700 years).
        func key(_ tally: ClientFacts) -> UInt64? {
            let x = UInt64(tally.occasions - 1), tx = UInt64(tally.lastOccasion - tally.firstOccasion)
            let age = UInt64(max(0, end - tally.firstOccasion))
            guard x < 1 << 21, tx < 1 << 21, age < 1 << 22 else { return nil }
            return x << 43 | tx << 22 | age
        }
        var keys = [UInt64](repeating: 0, count: owners.count)
        var packable = true
        for (row, client) in owners.enumerated() {
            guard let packed = key(facts[client]) else { packable = false; break }
            keys[row] = packed
        }
        var rows = owners.map { client in
            let tally = facts[client]
            let x = Int(tally.occasions) - 1
            return ClientSummary(
                client: names.string(client), x: x,
                tx: Double(tally.lastOccasion - tally.firstOccasion) / unit.days,
                T: Double(end - tally.firstOccasion) / unit.days,
                mx: x > 0 ? Double(tally.repeatOccasionNet) / minorPerMajor / Double(x) : nil)
        }
        guard packable else {
            summary = ModelSummary(rows: rows, unit: unit, occasions: options.occasions, asOf: asOf)
            self.rowOfClient = rowOfClient
            return
        }
        let order = RadixSort.sortedIndices(keys, threads: threads)
        var groups: [FrequencyRecency] = []
        var lastKey: UInt64? = nil
        for row in order {
            if keys[row] == lastKey {
                groups[groups.count - 1].count += 1
            } else {
                lastKey = keys[row]
                groups.append(FrequencyRecency(x: rows[row].x, tx: rows[row].tx, T: rows[row].T, count: 1))
            }
            rows[row].group = groups.count - 1
        }
        // Gamma-Gamma: (x, m_x) with m_x > 0, by x and then m_x (for one x, m_x grows with the repeat net).
        let spenders = rows.indices.filter { facts[owners[$0]].occasions > 1 && facts[owners[$0]].repeatOccasionNet > 0 }
        let byNet = RadixSort.stableSort(spenders, threads: threads) { UInt64(facts[owners[$0]].repeatOccasionNet) }
        let byX = RadixSort.stableSort(byNet, threads: threads) { UInt64(rows[$0].x) }
        var spend: [SpendObservation] = []
        for row in byX {
            let (x, mx) = (rows[row].x, rows[row].mx!)
            if let last = spend.last, last.x == x, last.mx == mx {
                spend[spend.count - 1].count += 1
            } else {
                spend.append(SpendObservation(x: x, mx: mx, count: 1))
            }
        }
        summary = ModelSummary(unit: unit, occasions: options.occasions, asOf: asOf, clients: rows, groups: groups,
                               spend: spend)
        self.rowOfClient = rowOfClient
    }
}

extension TransactionTable {
    /// The model summary of SPEC §14 for these transactions.
    /// - Throws: ``OptionsError`` for options that cannot work, ``AnalysisError``
    ///   when there is no accepted row to take as-of from.
    /// - Complexity: O(n + c log c) for n rows and c clients.
    public func modelSummary(_ options: ModelOptions = ModelOptions(),
                             threads: Int = ReadOptions.processorCount) throws -> ModelSummary {
        var table = self
        return try table.modelSummary(options, threads: threads, releasingFrom: nil)
    }

    /// ``modelSummary(_:threads:)`` for a caller that needs it once: a large
    /// table's rows are freed as they are grouped, as
    /// ``analyzeReleasingRows(_:model:threads:)`` does, with the same summary.
    public mutating func modelSummaryReleasingRows(_ options: ModelOptions = ModelOptions(),
                                                   threads: Int = ReadOptions.processorCount) throws -> ModelSummary {
        try modelSummary(options, threads: threads, releasingFrom: ClientHistories.rowsWorthReleasing)
    }

    /// `releasingFrom`: the fewest accepted rows whose table is released while grouped (`nil`: never).
    mutating func modelSummary(_ options: ModelOptions, threads: Int, releasingFrom threshold: Int?) throws
        -> ModelSummary {
        guard !rowsReleased else {
            throw AnalysisError(description: "the table's rows were released by an earlier analysis")
        }
        try options.validate()
        guard let asOf = options.asOf ?? dateRange?.upperBound else {
            throw AnalysisError(description: "no accepted transactions, so no as-of date: name one with --as-of")
        }
        let histories = groupedHistories(through: asOf.daysSince1970, threads: threads, releasingFrom: threshold)
        return ModelSummary(histories, names: clients, asOf: asOf, occasions: options.occasions, unit: options.unit,
                            scale: scale, threads: threads)
    }
}

extension Analysis {
    /// The model summary of SPEC §14 over this analysis' histories (no second grouping;
    /// no second walk either when the analysis ran the model with these occasions and unit).
    public func modelSummary(occasions: ModelOccasions = .purchaseDays, unit: ModelUnit = .week) -> ModelSummary {
        if let folded = passSummary?.summary, folded.occasions == occasions, folded.unit == unit { return folded }
        return ModelSummary(histories, names: names.clients, asOf: asOf, occasions: occasions, unit: unit, scale: scale,
                     threads: threads)
    }
}
