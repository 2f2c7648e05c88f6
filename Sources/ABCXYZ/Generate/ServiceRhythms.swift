/// Synthetic services (SPEC §13): with ``SyntheticSales/Configuration/services``
/// each client buys one to three services, each on the service's own rhythm
/// (nails every three weeks, hair every six, botox twice a year), starting
/// and stopping on its own: a client may stop its manicure and keep its
/// haircuts. One in twenty clients also buys gift cards, with an empty category.
///
/// Every pair's parameters are a pure function of the seed, the client and
/// the pair number, like the rest of the model.
extension ClientModel {
    /// Name, typical days between visits, and price relative to the client's typical amount.
    static let services: [(name: String, cycle: Double, price: Double)] = [
        ("Haircut", 42, 1.0), ("Manicure", 21, 0.45), ("Botox", 190, 5.0), ("Massage", 14, 0.8),
        ("Coloring", 63, 1.6), ("", 180, 1.0),
    ]
    static let serviceTexts = services.map { Array($0.name.utf8) }
    /// The named services a client chooses among (the last entry, gift cards, is extra).
    private static var namedServices: Int { services.count - 1 }

    @inline(__always)
    private static func uniform(_ seed: UInt64, _ client: Int, _ pair: Int, _ field: UInt64) -> Double {
        Random.uniform(seed, UInt64(client), UInt64(1_000_000 + pair), field)
    }

    /// How many services `client` buys (gift cards included).
    @inline(__always)
    static func pairCount(seed: UInt64, client: Int) -> Int {
        min(1 + Int(uniform(seed, client, 0, 21) * 3), 3) + (uniform(seed, client, 0, 22) < 0.05 ? 1 : 0)
    }

    func pairCount(of client: Int) -> Int { Self.pairCount(seed: seed, client: client) }

    /// The service (an index in ``services``) and rhythm of pair `pair` of a client
    /// whose profile is `client`, with base cycles scaled by `stretch`.
    @inline(__always)
    static func pairProfile(_ profile: Profile, client: Int, _ pair: Int, seed: UInt64, stretch: Double,
                            end: Int32) -> (service: Int, profile: Profile) {
        let named = min(1 + Int(uniform(seed, client, 0, 21) * 3), 3)
        let service = pair < named
            ? (Int(uniform(seed, client, 0, 23) * Double(namedServices)) + pair) % namedServices
            : services.count - 1
        let span = Double(profile.limit - profile.start)
        let start = profile.start + Int32(uniform(seed, client, pair, 24) * min(120, span))
        // Client 0's first pair never stops: it buys on the end day.
        let stops = (client > 0 || pair > 0) && uniform(seed, client, pair, 25) < 0.3
        let limit = stops ? start + Int32(uniform(seed, client, pair, 26) * Double(profile.limit - start)) : profile.limit
        var rhythm = profile
        rhythm.start = start
        rhythm.limit = max(start, limit)
        rhythm.stops = profile.stops || stops
        rhythm.cycle = max(1, services[service].cycle * (0.8 + 0.45 * uniform(seed, client, pair, 27)) * stretch)
        rhythm.baseCents = max(100, Int64(Double(profile.baseCents) * services[service].price))
        return (service, rhythm)
    }

    func pairProfile(of client: Int, _ pair: Int) -> (service: Int, profile: Profile) {
        Self.pairProfile(profiles[client], client: client, pair, seed: seed, stretch: stretch, end: end)
    }

    /// Σ over a client's pairs of span / unscaled cycle: its purchases at stretch 1, for calibration.
    static func pairSpansOverCycles(_ profile: Profile, client: Int, seed: UInt64, end: Int32) -> Double {
        (0..<pairCount(seed: seed, client: client)).reduce(0.0) { total, pair in
            let rhythm = pairProfile(profile, client: client, pair, seed: seed, stretch: 1, end: end).profile
            return total + Double(rhythm.limit - rhythm.start) / rhythm.cycle
        }
    }
}
