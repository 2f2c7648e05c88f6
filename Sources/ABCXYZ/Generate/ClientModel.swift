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
    /// Ranges of days generated as one piece, and the rows each holds.
    let dayChunks: [Range<Int32>]
    let rowCounts: [Int]

    /// The profiles, with cycles scaled so that the data holds at least the
    /// rows asked for (the surplus, a few rows at the end, is not written).
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
        while true {
            let profiles = base.map { profile -> Profile in
                var scaled = profile
                scaled.cycle = max(1, profile.cycle * stretch)
                return scaled
            }
            let model = ClientModel(configuration: configuration, firstDay: firstDay, end: end,
                                    profiles: profiles, stretch: stretch, chunks: chunks, counts: [])
            let counts = Parallel.map(chunks.count, threads: configuration.threads) { model.rowCount(ofDays: chunks[$0]) }
            let total = counts.reduce(0, +)
            if total >= configuration.rows || stretch < 1e-3 {
                return ClientModel(configuration: configuration, firstDay: firstDay, end: end,
                                   profiles: profiles, stretch: stretch, chunks: chunks, counts: counts)
            }
            stretch *= Double(total) / Double(configuration.rows) * 0.98  // too few rows: shorter cycles
        }
    }

    private init(configuration: SyntheticSales.Configuration, firstDay: Int32, end: Int32,
                 profiles: [Profile], stretch: Double, chunks: [Range<Int32>], counts: [Int]) {
        seed = configuration.seed
        dialect = configuration.dialect
        withServices = configuration.services
        self.stretch = stretch
        self.firstDay = firstDay
        self.end = end
        self.profiles = profiles
        dayChunks = chunks
        rowCounts = counts
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
            let stops = uniform(3) < 0.45
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

    /// The day of the client's last purchase: the last purchase day on or
    /// before its limit (purchase days only grow with `k`, and purchase `k`
    /// falls within 0.3 cycles of `start + k · cycle`).
    func lastPurchaseDay(of client: Int) -> Int32 {
        let profile = profiles[client]
        var k = Int((Double(profile.limit - profile.start) / profile.cycle + 0.31).rounded(.down)) + 1
        while k > 0, purchaseDay(profile, client: UInt64(client), k) > profile.limit { k -= 1 }
        return purchaseDay(profile, client: UInt64(client), k)
    }

    /// Calls `row(day, cents, manager, service)` for every row of `client`
    /// dated in `days` (a purchase, maybe a second row that day, maybe a later
    /// refund); `service` is an index in ``services`` with ``withServices``, −1 otherwise.
    @inline(__always)
    func forEachRow(of client: Int, in days: Range<Int32>, _ row: (Int32, Int64, Int, Int) -> Void) {
        guard withServices else {
            return forEachRow(profiles[client], key: UInt64(client), in: days, managerShift: 0) { row($0, $1, $2, -1) }
        }
        for pair in 0..<pairCount(of: client) {
            let (service, profile) = pairProfile(of: client, pair)
            forEachRow(profile, key: UInt64(client) &+ UInt64(pair + 1) << 48, in: days, managerShift: service * 5) {
                row($0, $1, $2, service)
            }
        }
    }

    /// The rows of one rhythm (a client's, or a client × service pair's), its
    /// randomness keyed by `key`.
    @inline(__always)
    private func forEachRow(_ profile: Profile, key c: UInt64, in days: Range<Int32>, managerShift: Int,
                            _ row: (Int32, Int64, Int) -> Void) {
        let earliest = Double(days.lowerBound - Int32(ClientModel.refundDelay) - profile.start) / profile.cycle - 0.31
        var k = max(0, Int(earliest.rounded(.down)))
        while true {
            let day = purchaseDay(profile, client: c, k)
            if day >= days.upperBound || day > profile.limit { break }
            if day + Int32(ClientModel.refundDelay) >= days.lowerBound {
                let variation = 0.6 + 0.8 * Random.uniform(seed, c, UInt64(k), 12)
                let cents = max(1, Int64(Double(profile.baseCents) * variation))
                let manager = profile.managerStride == 0 ? -1
                    : (Int(profile.managerOffset) + managerShift + k / Int(profile.managerStride))
                        % ClientModel.managers.count
                if days.contains(day) {
                    row(day, cents, manager)
                    if Random.uniform(seed, c, UInt64(k), 13) < ClientModel.extraRowRate {
                        let extra = 0.1 + 0.5 * Random.uniform(seed, c, UInt64(k), 14)
                        row(day, max(1, Int64(Double(profile.baseCents) * extra)), manager)
                    }
                }
                if Random.uniform(seed, c, UInt64(k), 15) < ClientModel.refundRate {
                    let refundDay = day + Int32(Random.uniform(seed, c, UInt64(k), 16) * Double(ClientModel.refundDelay))
                    if days.contains(refundDay), refundDay <= end {
                        let share = 0.2 + 0.8 * Random.uniform(seed, c, UInt64(k), 17)
                        row(refundDay, -max(1, Int64(Double(cents) * share)), manager)
                    }
                }
            }
            k += 1
        }
    }

    func rowCount(ofDays days: Range<Int32>) -> Int {
        var count = 0
        for client in profiles.indices { forEachRow(of: client, in: days) { _, _, _, _ in count += 1 } }
        return count
    }

    /// The CSV rows dated in `days`, in date order (within a day, by client).
    func text(ofDays days: Range<Int32>) -> [UInt8] {
        // Bucket rows by day, then write the buckets in order.
        var rows: [(day: Int32, client: Int32, cents: Int64, manager: Int8, service: Int8)] = []
        for client in profiles.indices {
            forEachRow(of: client, in: days) { day, cents, manager, service in
                rows.append((day, Int32(client), cents, Int8(manager), Int8(service)))
            }
        }
        var starts = [Int](repeating: 0, count: days.count + 1)
        for row in rows { starts[Int(row.day - days.lowerBound) + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var order = [Int](repeating: 0, count: rows.count)
        var cursor = starts
        for (index, row) in rows.enumerated() {
            let bucket = Int(row.day - days.lowerBound)
            order[cursor[bucket]] = index
            cursor[bucket] += 1
        }
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
