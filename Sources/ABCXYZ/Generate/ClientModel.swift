#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The synthetic clients behind ``SyntheticSales``: one profile per client,
/// and the rule that turns a profile and a purchase number into rows.
struct ClientModel: Sendable {
    struct Profile: Sendable {
        var start: Int32
        /// The last day the client may buy: its stop day, or the end.
        var limit: Int32
        var stops: Bool
        /// Days between purchases.
        var cycle: Double
        var baseCents: Int64
        /// Purchases a manager keeps the client for; 0 means the client has no manager.
        var managerStride: Int32
        var managerOffset: Int32
    }

    static let managers = ["Anna Petrova", "Boris Ivanov", "Chen Wei", "Dmytro Koval", "Elena Sokolova",
                           "Farid Aliyev", "Galina Orlova", "Hu Jing", "Igor Smirnov", "Julia Novak",
                           "Kirill Pavlov", "Li Na"]
    /// Chance of a second row on a purchase day, and of a refund of a purchase.
    static let extraRowRate = 0.08
    static let refundRate = 0.021
    /// A refund comes at most this many days after its purchase.
    static let refundDelay = 14

    let seed: UInt64
    let dialect: ExportDialect
    /// Rows carry a category: each client buys one to three services, each on its own rhythm (SPEC §13).
    let withServices: Bool
    /// The factor the base cycles were scaled by to give the rows asked for.
    let stretch: Double
    let firstDay: Int32
    let end: Int32
    let profiles: [Profile]
    /// Client ids as CSV fields (quoted where needed), one after another.
    let ids: ByteStrings
    /// `YYYY-MM-DD` of every day from `firstDay` to `end`, ten bytes each.
    let dayTexts: [UInt8]
    let managerTexts: [[UInt8]]
    /// Ranges of days generated as one piece, and the rows each writes.
    let dayChunks: [Range<Int32>]
    private(set) var rowCounts: [Int]
    /// The rows left out (``RowKey``s) so that exactly the rows asked for
    /// remain: the earliest ones, so the data still ends on ``end``.
    private(set) var dropped: Set<UInt64>
    /// Days after this one hold no dropped row.
    private(set) var lastDroppedDay: Int32
    /// The clients with a dropped row: their first days in the data differ from their profiles'.
    private(set) var cutClients: Set<Int>

    /// The profiles, with cycles scaled so that the data holds at least the
    /// rows asked for, and not many more: the surplus is dropped from the
    /// start (``cut(to:counts:)``), so the data ends on the end day and its
    /// history is a little shorter than the years asked for.
    static func calibrated(_ configuration: SyntheticSales.Configuration) -> ClientModel {
        let end = configuration.end.daysSince1970
        let firstDay = end - Int32(365 * configuration.years)
        let base = baseProfiles(configuration, firstDay: firstDay, end: end)
        // Rows per purchase ≈ 1 + extra + refund; aim a little above the target.
        let rowsPerPurchase = 1 + extraRowRate + refundRate
        let target = Double(configuration.rows) * 1.003 / rowsPerPurchase + 64
        let spanOverCycle = configuration.services
            ? (0..<base.count).reduce(0.0) { total, client in
                total + ClientModel.pairSpansOverCycles(base[client], client: client, seed: configuration.seed,
                                                        end: end)
            }
            : base.reduce(0.0) { $0 + Double($1.limit - $1.start) / $1.cycle }
        var stretch = max(spanOverCycle / max(target - Double(base.count), 1), 0.05)
        let chunkLength: Int32 = 28
        let chunks = stride(from: firstDay, through: end, by: Int(chunkLength)).map { $0..<min($0 + chunkLength, end + 1) }
        let rows = configuration.rows
        var best: (model: ClientModel, counts: [Int], total: Int)? = nil
        var refinements = 0
        while true {
            let profiles = base.map { profile -> Profile in
                var scaled = profile
                scaled.cycle = max(1, profile.cycle * stretch)
                return scaled
            }
            let model = ClientModel(configuration: configuration, firstDay: firstDay, end: end,
                                    profiles: profiles, stretch: stretch, chunks: chunks)
            let counts = Parallel.map(chunks.count, threads: configuration.threads) { model.rowCount(ofDays: chunks[$0]) }
            let total = counts.reduce(0, +)
            if total >= rows, total < best?.total ?? .max { best = (model, counts, total) }
            if let best {
                // Close enough (within 0.5 % and 64 rows), or a few tries spent: cut the surplus.
                if best.total <= rows + rows / 200 + 64 || refinements == 4 {
                    return best.model.cut(to: rows, counts: best.counts)
                }
                refinements += 1
            } else if stretch < 1e-3 {
                return model.cut(to: rows, counts: counts)  // cycles of a day cannot give more rows
            }
            // Rows go as 1 / stretch: aim 0.2 % above the target from either side.
            stretch *= Double(total) / (Double(rows) * 1.002) * (total < rows ? 0.98 : 1)
        }
    }

    private init(configuration: SyntheticSales.Configuration, firstDay: Int32, end: Int32,
                 profiles: [Profile], stretch: Double, chunks: [Range<Int32>]) {
        seed = configuration.seed
        dialect = configuration.dialect
        withServices = configuration.services
        self.stretch = stretch
        self.firstDay = firstDay
        self.end = end
        self.profiles = profiles
        dayChunks = chunks
        rowCounts = []
        dropped = []
        lastDroppedDay = firstDay - 1
        cutClients = []
        var days: [UInt8] = []
        days.reserveCapacity(Int(end - firstDay + 1) * 10)
        for day in firstDay...end {
            let iso = Day(daysSince1970: Int(day)).isoBytes  // YYYY-MM-DD
            switch configuration.dialect {
            case .clean: days.append(contentsOf: iso)
            case .messy: days.append(contentsOf: iso[8..<10] + [UInt8(ascii: ".")] + iso[5..<7] + [UInt8(ascii: ".")] + iso[0..<4])
            }
        }
        dayTexts = days
        managerTexts = ClientModel.managers.map { Array($0.utf8) }
        ids = ClientModel.idTexts(count: profiles.count, seed: configuration.seed)
    }

    /// This model with the earliest rows left out so that exactly `rows`
    /// remain (`counts` are the rows of each chunk before). A purchase whose
    /// refund is in the data goes with its refund, so every client (and pair)
    /// in the data has a purchase in it. Rows go strictly in date order while
    /// more than `rows` remain, so the latest day, the end, keeps a row.
    private func cut(to rows: Int, counts: [Int]) -> ClientModel {
        var remaining = counts.reduce(0, +)
        var dropped = Set<UInt64>()
        var droppedPurchases = Set<UInt64>()  // RowKey of purchases whose refund goes too
        var lastDroppedDay = firstDay - 1
        var kept = counts
        for (chunk, days) in dayChunks.enumerated() {
            let refundsMayFollow = days.lowerBound <= lastDroppedDay + Int32(ClientModel.refundDelay)
            guard remaining > rows || refundsMayFollow else { break }
            for row in orderedRows(ofDays: days) {
                if RowKey.kind(row.key) == .refund, droppedPurchases.contains(RowKey.purchase(of: row.key)) {
                    dropped.insert(row.key)  // counted with its purchase
                    kept[chunk] -= 1
                    continue
                }
                let unit = row.refunded ? 2 : 1
                guard remaining - unit >= rows else { continue }
                dropped.insert(row.key)
                kept[chunk] -= 1
                remaining -= unit
                lastDroppedDay = row.day
                if unit == 2 { droppedPurchases.insert(row.key) }
            }
        }
        var model = self
        model.rowCounts = kept
        model.dropped = dropped
        model.lastDroppedDay = lastDroppedDay
        model.cutClients = Set(dropped.map(RowKey.client))
        return model
    }

    /// Profiles before the cycles are scaled to the row count.
    private static func baseProfiles(_ configuration: SyntheticSales.Configuration,
                                     firstDay: Int32, end: Int32) -> [Profile] {
        let seed = configuration.seed
        let span = Double(end - firstDay)
        return (0..<configuration.clientCount).map { client in
            let c = UInt64(client)
            func uniform(_ field: UInt64) -> Double { Random.uniform(seed, c, 0, field) }
            // A third were clients before the data starts; the rest arrive over time.
            let start = uniform(1) < 0.33
                ? firstDay + Int32(uniform(2) * 30)
                : firstDay + Int32(uniform(2) * (span - 7))
            let stops = client > 0 && uniform(3) < 0.45  // client 0 buys on the last day
            let limit = stops ? start + Int32(uniform(4) * Double(end - start)) : end
            let cycle = 7 * pow180over7(uniform(5))
            // Log-normal spend: median 30.00, σ = 1.3, a long right tail.
            let z = Random.normal(uniform(6), uniform(7))
            let cents = Int64(min(max(3_000 * exp(1.3 * z), 100), 5_000_000_00))
            let hasManager = uniform(8) < 0.95
            return Profile(start: start, limit: max(limit, start), stops: stops, cycle: cycle, baseCents: cents,
                           managerStride: hasManager ? Int32(4 + uniform(9) * 40) : 0,
                           managerOffset: Int32(uniform(10) * 12))
        }
    }

    // MARK: Rows

    /// The day of purchase `k` (0 is the first): `k` cycles after the start,
    /// give or take 30 % of a cycle, so purchases stay in order.
    @inline(__always)
    func purchaseDay(_ profile: Profile, client: UInt64, _ k: Int) -> Int32 {
        guard k > 0 else { return profile.start }
        let jitter = (Random.uniform(seed, client, UInt64(k), 11) - 0.5) * 0.6
        return profile.start + Int32((Double(k) + jitter) * profile.cycle)
    }

    /// The day of a rhythm's last purchase: the last purchase day on or
    /// before its limit (purchase days only grow with `k`, and purchase `k`
    /// falls within 0.3 cycles of `start + k · cycle`); `key` keys its randomness.
    private func lastPurchaseDay(_ profile: Profile, key: UInt64) -> Int32 {
        var k = Int((Double(profile.limit - profile.start) / profile.cycle + 0.31).rounded(.down)) + 1
        while k > 0, purchaseDay(profile, client: key, k) > profile.limit { k -= 1 }
        return purchaseDay(profile, client: key, k)
    }

    /// Rhythm `pair` of a client: its own (service −1) without services, else
    /// its pair's; with the key of its randomness.
    @inline(__always)
    private func rhythm(of client: Int, _ pair: Int) -> (service: Int, profile: Profile, key: UInt64) {
        guard withServices else { return (-1, profiles[client], UInt64(client)) }
        let (service, profile) = pairProfile(of: client, pair)
        return (service, profile, UInt64(client) &+ UInt64(pair + 1) << 48)
    }

    /// Rhythms of `client`: 1, or its pairs with ``withServices``.
    func rhythmCount(of client: Int) -> Int { withServices ? pairCount(of: client) : 1 }

    /// Where a rhythm's rows lie in the data: its first day (of any row) and
    /// its last purchase day.
    struct Presence: Equatable {
        var first: Int32
        var lastPurchase: Int32
    }

    /// Each rhythm of `client` (its own, or one per pair) as it lies in the
    /// data, `nil` for one whose rows were all dropped. A rhythm the cut left
    /// whole starts with purchase 0 on its start day; client 0's first rhythm
    /// ends with its purchase on the end day.
    func presence(of client: Int) -> [Presence?] {
        let count = rhythmCount(of: client)
        guard cutClients.contains(client) else {
            return (0..<count).map { pair in
                let (_, profile, key) = rhythm(of: client, pair)
                return Presence(first: profile.start,
                                lastPurchase: client == 0 && pair == 0 ? end : lastPurchaseDay(profile, key: key))
            }
        }
        var result = [Presence?](repeating: nil, count: count)
        forEachRow(of: client, in: firstDay..<end + 1) { day, cents, _, _, key, _ in
            guard !dropped.contains(key) else { return }
            let pair = RowKey.pair(key)
            var presence = result[pair] ?? Presence(first: day, lastPurchase: Int32.min)
            presence.first = min(presence.first, day)
            if cents > 0 { presence.lastPurchase = max(presence.lastPurchase, day) }
            result[pair] = presence
        }
        return result
    }

    /// Calls `row(day, cents, manager, service, key, refunded)` for every row
    /// of `client` dated in `days` (a purchase, maybe a second row that day,
    /// maybe a later refund); `service` is an index in ``services`` with
    /// ``withServices``, −1 otherwise; `key` is the row's ``RowKey``;
    /// `refunded` says whether a purchase's refund is in the data. Client 0's
    /// first rhythm also buys on the end day, so the data ends on it.
    @inline(__always)
    func forEachRow(of client: Int, in days: Range<Int32>, _ row: (Int32, Int64, Int, Int, UInt64, Bool) -> Void) {
        for pair in 0..<rhythmCount(of: client) {
            let (service, profile, key) = rhythm(of: client, pair)
            forEachRow(profile, key: key, rowKey: RowKey.make(client, pair, 0, .purchase),
                       buysOnEnd: client == 0 && pair == 0, in: days, managerShift: max(service, 0) * 5) {
                row($0, $1, $2, service, $3, $4)
            }
        }
    }

    /// The rows of one rhythm (a client's, or a client × service pair's), its
    /// randomness keyed by `key`, its rows' keys `rowKey` plus the purchase and kind.
    @inline(__always)
    private func forEachRow(_ profile: Profile, key c: UInt64, rowKey: UInt64, buysOnEnd: Bool, in days: Range<Int32>,
                            managerShift: Int, _ row: (Int32, Int64, Int, UInt64, Bool) -> Void) {
        let earliest = Double(days.lowerBound - Int32(ClientModel.refundDelay) - profile.start) / profile.cycle - 0.31
        var k = max(0, Int(earliest.rounded(.down)))
        var lastPurchase: Int32 = .min
        func manager(_ k: Int) -> Int {
            profile.managerStride == 0 ? -1
                : (Int(profile.managerOffset) + managerShift + k / Int(profile.managerStride))
                    % ClientModel.managers.count
        }
        while true {
            let day = purchaseDay(profile, client: c, k)
            if day >= days.upperBound || day > profile.limit { break }
            lastPurchase = day
            if day + Int32(ClientModel.refundDelay) >= days.lowerBound {
                let variation = 0.6 + 0.8 * Random.uniform(seed, c, UInt64(k), 12)
                let cents = max(1, Int64(Double(profile.baseCents) * variation))
                let refunded = Random.uniform(seed, c, UInt64(k), 15) < ClientModel.refundRate
                let refundDay = refunded
                    ? day + Int32(Random.uniform(seed, c, UInt64(k), 16) * Double(ClientModel.refundDelay)) : 0
                let key = rowKey | UInt64(k) << 2
                if days.contains(day) {
                    row(day, cents, manager(k), key | RowKey.Kind.purchase.rawValue, refunded && refundDay <= end)
                    if Random.uniform(seed, c, UInt64(k), 13) < ClientModel.extraRowRate {
                        let extra = 0.1 + 0.5 * Random.uniform(seed, c, UInt64(k), 14)
                        row(day, max(1, Int64(Double(profile.baseCents) * extra)), manager(k),
                            key | RowKey.Kind.extra.rawValue, false)
                    }
                }
                if refunded, days.contains(refundDay), refundDay <= end {
                    let share = 0.2 + 0.8 * Random.uniform(seed, c, UInt64(k), 17)
                    row(refundDay, -max(1, Int64(Double(cents) * share)), manager(k), key | RowKey.Kind.refund.rawValue,
                        false)
                }
            }
            k += 1
        }
        // The loop reached the last purchase on or before the end if the end is in `days`.
        if buysOnEnd, days.contains(end), lastPurchase != end {
            row(end, profile.baseCents, manager(k), rowKey | UInt64(k) << 2 | RowKey.Kind.purchase.rawValue, false)
        }
    }

    func rowCount(ofDays days: Range<Int32>) -> Int {
        var count = 0
        for client in profiles.indices { forEachRow(of: client, in: days) { _, _, _, _, _, _ in count += 1 } }
        return count
    }

    /// One generated row with what identifies it, for the cut.
    struct Row {
        var day: Int32
        var key: UInt64
        var refunded: Bool
    }

    /// The rows dated in `days`, in the order they are written (by date;
    /// within a day by client, then as the client's rows come).
    func orderedRows(ofDays days: Range<Int32>) -> [Row] {
        var rows: [Row] = []
        for client in profiles.indices {
            forEachRow(of: client, in: days) { day, _, _, _, key, refunded in
                rows.append(Row(day: day, key: key, refunded: refunded))
            }
        }
        return ClientModel.dayOrder(of: rows, days: days, day: \.day).map { rows[$0] }
    }

    /// Indices of `rows` sorted by day, stably (a counting sort by day).
    @inline(__always)
    private static func dayOrder<Element>(of rows: [Element], days: Range<Int32>, day: (Element) -> Int32) -> [Int] {
        var starts = [Int](repeating: 0, count: days.count + 1)
        for row in rows { starts[Int(day(row) - days.lowerBound) + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var order = [Int](repeating: 0, count: rows.count)
        var cursor = starts
        for (index, row) in rows.enumerated() {
            let bucket = Int(day(row) - days.lowerBound)
            order[cursor[bucket]] = index
            cursor[bucket] += 1
        }
        return order
    }

    /// The CSV rows dated in `days`, in date order (within a day, by client),
    /// without the dropped ones.
    func text(ofDays days: Range<Int32>) -> [UInt8] {
        // Bucket rows by day, then write the buckets in order.
        var rows: [(day: Int32, client: Int32, cents: Int64, manager: Int8, service: Int8)] = []
        let mayDrop = days.lowerBound <= lastDroppedDay + Int32(ClientModel.refundDelay)
        for client in profiles.indices {
            forEachRow(of: client, in: days) { day, cents, manager, service, key, _ in
                if mayDrop, dropped.contains(key) { return }
                rows.append((day, Int32(client), cents, Int8(manager), Int8(service)))
            }
        }
        let order = ClientModel.dayOrder(of: rows, days: days, day: \.day)
        var text: [UInt8] = []
        text.reserveCapacity(rows.count * 38)
        let delimiter = dialect.delimiter
        for index in order {
            let row = rows[index]
            text.append(contentsOf: ids[Int(row.client)])
            text.append(delimiter)
            let dayOffset = Int(row.day - firstDay) * 10
            text.append(contentsOf: dayTexts[dayOffset..<dayOffset + 10])
            text.append(delimiter)
            switch dialect {
            case .clean:
                MoneyFormat.appendPlain(row.cents, scale: 2, to: &text)
            case .messy:
                // 1 234,56: thousands by a space, a decimal comma.
                MoneyFormat.appendDecimal(row.cents, scale: 2, groupSeparator: UInt8(ascii: " "), to: &text)
                text[text.count - 3] = UInt8(ascii: ",")
            }
            text.append(delimiter)
            if row.manager >= 0 { text.append(contentsOf: managerTexts[Int(row.manager)]) }
            if withServices {
                text.append(delimiter)
                text.append(contentsOf: ClientModel.serviceTexts[Int(row.service)])
            }
            text.append(contentsOf: dialect.lineEnd)
        }
        return text
    }

    func idText(_ client: Int) -> ArraySlice<UInt8> { ids[client] }

    /// Ids like `C1048576`, numbered by a permutation so that id order is not
    /// client order; about 1 in 500 is a name with a comma and 1 in 2000 has
    /// quotes, written as CSV fields.
    static func idTexts(count: Int, seed: UInt64) -> ByteStrings {
        var step = 2_654_435_761 % max(count, 1)
        while gcd(step, count) != 1 { step += 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 9)
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        for client in 0..<count {
            let number = 1_000_000 + (client * step) % count
            let kind = Random.uniform(seed, UInt64(client), 0, 20)
            if kind < 0.002 {
                bytes.append(contentsOf: "\"Ivanov, I. \(number)\"".utf8)
            } else if kind < 0.0025 {
                bytes.append(contentsOf: "\"Studio \"\"Nova\"\" \(number)\"".utf8)
            } else {
                bytes.append(UInt8(ascii: "C"))
                DecimalText.appendInteger(Int64(number), to: &bytes)
            }
            offsets.append(bytes.count)
        }
        return ByteStrings(bytes: bytes, offsets: offsets)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

/// A generated row's identity as one word: client, rhythm (pair), purchase
/// number and kind (clients below 2^30, pairs below 4, purchases below 2^30).
enum RowKey {
    enum Kind: UInt64 { case purchase = 0, extra, refund }

    @inline(__always)
    static func make(_ client: Int, _ pair: Int, _ k: Int, _ kind: Kind) -> UInt64 {
        UInt64(client) << 34 | UInt64(pair) << 32 | UInt64(k) << 2 | kind.rawValue
    }

    static func client(_ key: UInt64) -> Int { Int(key >> 34) }
    static func pair(_ key: UInt64) -> Int { Int(key >> 32 & 3) }
    static func kind(_ key: UInt64) -> Kind { Kind(rawValue: key & 3)! }
    /// The key of the purchase a refund or second row belongs to.
    static func purchase(of key: UInt64) -> UInt64 { key & ~3 }
}

/// Stateless randomness: a value is a hash of the seed, the client, the
/// purchase number and the field it is for (SplitMix64's finaliser).
enum Random {
    @inline(__always)
    static func uniform(_ seed: UInt64, _ client: UInt64, _ k: UInt64, _ field: UInt64) -> Double {
        var z = seed &* 0x9E37_79B9_7F4A_7C15 ^ client &* 0xBF58_476D_1CE4_E5B9
            ^ k &* 0x94D0_49BB_1331_11EB ^ field &* 0xD6E8_FEB8_6659_FD93
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// A standard normal value from two uniforms (Box–Muller).
    static func normal(_ u1: Double, _ u2: Double) -> Double {
        (-2 * log(max(u1, 1e-300))).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// (180/7)^u: log-uniform cycles from 7 to 180 days.
@inline(__always)
func pow180over7(_ u: Double) -> Double { exp(u * 3.247_046_203_200_587_6) }
