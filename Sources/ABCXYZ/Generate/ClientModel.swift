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
        let spanOverCycle = base.reduce(0.0) { $0 + Double($1.limit - $1.start) / $1.cycle }
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
                                    profiles: profiles, chunks: chunks)
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
                return model.cut(to: rows, counts: counts)
            }
            // Rows go as 1 / stretch: aim 0.2 % above the target from either side.
            stretch *= Double(total) / (Double(rows) * 1.002) * (total < rows ? 0.98 : 1)
        }
    }

    private init(configuration: SyntheticSales.Configuration, firstDay: Int32, end: Int32,
                 profiles: [Profile], chunks: [Range<Int32>]) {
        seed = configuration.seed
        dialect = configuration.dialect
        self.firstDay = firstDay
        self.end = end
        self.profiles = profiles
        dayChunks = chunks
        rowCounts = []
        dropped = []
        lastDroppedDay = firstDay - 1
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

    private init(_ model: ClientModel, counts: [Int], dropped: Set<UInt64>, lastDroppedDay: Int32) {
        self = model
        self.rowCounts = counts
        self.dropped = dropped
        self.lastDroppedDay = lastDroppedDay
    }

    /// This model with the earliest rows left out so that exactly `rows`
    /// remain (`counts` are the rows of each chunk before). A purchase whose
    /// refund is in the data goes with its refund, so every client in the
    /// data has a purchase in it; the last day keeps its rows.
    private func cut(to rows: Int, counts: [Int]) -> ClientModel {
        var remaining = counts.reduce(0, +)
        var dropped = Set<UInt64>()
        var droppedPurchases = Set<UInt64>()  // RowKey of purchases whose refund goes too
        var lastDroppedDay = firstDay - 1
        var kept = counts
        for (chunk, days) in dayChunks.enumerated() {
            guard remaining > rows || days.lowerBound <= lastDroppedDay + Int32(ClientModel.refundDelay) else { break }
            for row in orderedRows(ofDays: days) {
                if row.kind == .refund, droppedPurchases.contains(RowKey.purchase(of: row.key)) {
                    dropped.insert(row.key)  // counted with its purchase
                    kept[chunk] -= 1
                    continue
                }
                let unit = row.kind == .purchase && row.refunded ? 2 : 1
                guard remaining - unit >= rows else { continue }
                dropped.insert(row.key)
                kept[chunk] -= 1
                remaining -= unit
                lastDroppedDay = row.day
                if unit == 2 { droppedPurchases.insert(row.key) }
            }
        }
        return ClientModel(self, counts: kept, dropped: dropped, lastDroppedDay: lastDroppedDay)
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

    /// Calls `row(day, cents, manager, key, refunded)` for every row of
    /// `client` dated in `days` (a purchase, maybe a second row that day,
    /// maybe a later refund); `refunded` says whether a purchase's refund is
    /// in the data. Client 0 also buys on the last day, so the data ends on it.
    @inline(__always)
    func forEachRow(of client: Int, in days: Range<Int32>, _ row: (Int32, Int64, Int, UInt64, Bool) -> Void) {
        let profile = profiles[client]
        let c = UInt64(client)
        let earliest = Double(days.lowerBound - Int32(ClientModel.refundDelay) - profile.start) / profile.cycle - 0.31
        var k = max(0, Int(earliest.rounded(.down)))
        var lastPurchase: Int32 = -1
        func manager(_ k: Int) -> Int {
            profile.managerStride == 0 ? -1
                : (Int(profile.managerOffset) + k / Int(profile.managerStride)) % ClientModel.managers.count
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
                if days.contains(day) {
                    row(day, cents, manager(k), RowKey.make(client, k, .purchase), refunded && refundDay <= end)
                    if Random.uniform(seed, c, UInt64(k), 13) < ClientModel.extraRowRate {
                        let extra = 0.1 + 0.5 * Random.uniform(seed, c, UInt64(k), 14)
                        row(day, max(1, Int64(Double(profile.baseCents) * extra)), manager(k),
                            RowKey.make(client, k, .extra), false)
                    }
                }
                if refunded, days.contains(refundDay), refundDay <= end {
                    let share = 0.2 + 0.8 * Random.uniform(seed, c, UInt64(k), 17)
                    row(refundDay, -max(1, Int64(Double(cents) * share)), manager(k), RowKey.make(client, k, .refund), false)
                }
            }
            k += 1
        }
        if client == 0, days.contains(end), lastPurchase != end {
            row(end, profile.baseCents, manager(k), RowKey.make(client, k, .purchase), false)
        }
    }

    func rowCount(ofDays days: Range<Int32>) -> Int {
        var count = 0
        for client in profiles.indices { forEachRow(of: client, in: days) { _, _, _, _, _ in count += 1 } }
        return count
    }

    /// One generated row, with what identifies it.
    struct Row {
        var day: Int32
        var client: Int32
        var cents: Int64
        var manager: Int8
        var key: UInt64
        var refunded: Bool
        var kind: RowKey.Kind { RowKey.kind(key) }
    }

    /// The rows dated in `days`, in date order (within a day, by client, then
    /// as the client's rows come).
    func orderedRows(ofDays days: Range<Int32>) -> [Row] {
        // Bucket rows by day, then read the buckets in order.
        var rows: [Row] = []
        for client in profiles.indices {
            forEachRow(of: client, in: days) { day, cents, manager, key, refunded in
                rows.append(Row(day: day, client: Int32(client), cents: cents, manager: Int8(manager), key: key,
                                refunded: refunded))
            }
        }
        var starts = [Int](repeating: 0, count: days.count + 1)
        for row in rows { starts[Int(row.day - days.lowerBound) + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var ordered = rows
        var cursor = starts
        for row in rows {
            let bucket = Int(row.day - days.lowerBound)
            ordered[cursor[bucket]] = row
            cursor[bucket] += 1
        }
        return ordered
    }

    /// The CSV rows dated in `days`, in date order, without the dropped ones.
    func text(ofDays days: Range<Int32>) -> [UInt8] {
        var rows = orderedRows(ofDays: days)
        if days.lowerBound <= lastDroppedDay + Int32(ClientModel.refundDelay) {
            rows.removeAll { dropped.contains($0.key) }
        }
        var text: [UInt8] = []
        text.reserveCapacity(rows.count * 38)
        let delimiter = dialect.delimiter
        for row in rows {
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
            text.append(contentsOf: dialect.lineEnd)
        }
        return text
    }

    func idText(_ client: Int) -> ArraySlice<UInt8> { ids[client] }

    /// The first day of each client's rows in the data; `nil` for a client
    /// whose rows were all dropped (or who has none).
    func firstDaysInData() -> [Int32?] {
        var first: [Int32?] = profiles.map(\.start)  // purchase 0 is on the start day
        var touched = Set<Int>()
        for key in dropped { touched.insert(RowKey.client(key)) }
        for client in touched {
            var day: Int32? = nil
            forEachRow(of: client, in: firstDay..<end + 1) { rowDay, _, _, key, _ in
                if !dropped.contains(key) { day = min(day ?? rowDay, rowDay) }
            }
            first[client] = day
        }
        return first
    }

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

/// A generated row's identity as one word: client, purchase number and kind.
enum RowKey {
    enum Kind: UInt64 { case purchase = 0, extra, refund }

    @inline(__always)
    static func make(_ client: Int, _ k: Int, _ kind: Kind) -> UInt64 {
        UInt64(client) << 32 | UInt64(k) << 2 | kind.rawValue
    }

    static func client(_ key: UInt64) -> Int { Int(key >> 32) }
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
