#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a fitted model says about one client (SPEC §14).
public struct ClientForecast: Hashable, Sendable {
    /// P(still a customer at as-of).
    public var probabilityAlive: Double
    /// Expected occasions in (as-of, as-of + horizon].
    public var expectedPurchases: Double
    /// Expected spend per occasion from Gamma-Gamma, rounded half away from
    /// zero to a minor unit; `nil` without a spend model or when q ≤ 1.
    public var expectedSpend: Money?
    /// Discounted value of the expected purchases over the horizon, times the
    /// margin, rounded half away from zero to a minor unit; `nil` with no spend.
    public var clv: Money?
}

/// The customer lifetime value of SPEC §14, lifetimes' `customer_lifetime_value`:
///
///     clv = margin × Σ_{m=1…M} spend × (E[Y(m·k)] − E[Y((m−1)·k)]) / (1 + d)^m
///
/// with k one month in the model's unit (30.415 days, 4.345 weeks), M = 12 ×
/// horizon months and d the monthly discount rate: each month's expected
/// purchases, valued at the expected spend and discounted to as-of.
public enum LifetimeValue {
    /// Σ_{m=1…months} (E[Y(m·k)] − E[Y((m−1)·k)]) / (1 + d)^m: the discounted
    /// expected purchases, the same for every client of one (x, t_x, T).
    public static func discountedPurchases(_ model: some PurchaseModel, x: Int, tx: Double, T: Double,
                                           months: Int, month: Double, discount: Double) -> Double {
        discounted(months: months, discount: discount) { m in
            model.expectedPurchases(within: Double(m) * month, x: x, tx: tx, T: T)
        }
    }

    /// Σ_{m=1…months} (E(m) − E(m−1)) / (1 + d)^m for the cumulative expectations `cumulative(m)`.
    static func discounted(months: Int, discount: Double, _ cumulative: (Int) -> Double) -> Double {
        var total = 0.0
        var previous = 0.0
        for m in stride(from: 1, through: months, by: 1) {
            let value = cumulative(m)
            total += (value - previous) / pow(1 + discount, Double(m))
            previous = value
        }
        return total
    }

    /// An amount in currency units as money of `scale` fraction digits, rounded
    /// half away from zero; `nil` when it does not fit in 64 bits.
    static func money(_ amount: Double, scale: Int) -> Money? {
        let minor = (amount * (0..<scale).reduce(1.0) { value, _ in value * 10 }).rounded(.toNearestOrAwayFromZero)
        guard minor.isFinite, abs(minor) < 9.2e18 else { return nil }
        return Money(minorUnits: Int64(minor))
    }
}

extension ModelSummary {
    /// Every row's forecast under `model` (and `spend` for money), in the order of ``clients``.
    ///
    /// P(alive), the expected purchases and the discounted purchases are worked
    /// out once per (x, t_x, T) group, on up to `threads` threads (each group on
    /// its own, so the result is the same on any number).
    /// - Parameter scale: fraction digits of the money printed (the data set's scale).
    public func forecast(_ model: some PurchaseModel, spend: GammaGamma?, options: ModelOptions = ModelOptions(),
                         scale: Int = 2, threads: Int = 1) -> [ClientForecast] {
        let horizon = options.horizon
        let groups = self.groups, unit = self.unit
        let perGroup: [(alive: Double, purchases: Double, discounted: Double)]
        if let bgnbd = model as? BGNBD {
            perGroup = bgnbdFigures(bgnbd, horizon: horizon, months: spend == nil ? 0 : options.horizonMonths,
                                    month: unit.month, discount: options.monthlyDiscount, threads: threads)
        } else {
            let ranges = Parallel.ranges(groups.count, parts: max(1, threads * 8))
            perGroup = Parallel.map(ranges.count, threads: threads) { part in
                groups[ranges[part]].map { group in
                    (alive: model.probabilityAlive(x: group.x, tx: group.tx, T: group.T),
                     purchases: model.expectedPurchases(within: horizon, x: group.x, tx: group.tx, T: group.T),
                     discounted: spend == nil ? 0 : LifetimeValue.discountedPurchases(
                         model, x: group.x, tx: group.tx, T: group.T, months: options.horizonMonths,
                         month: unit.month, discount: options.monthlyDiscount))
                }
            }.flatMap { $0 }
        }
        let clients = self.clients
        let clientRanges = Parallel.ranges(clients.count, parts: max(1, threads * 8))
        return Parallel.map(clientRanges.count, threads: threads) { part in
            clients[clientRanges[part]].map { client in
                let figures = perGroup[client.group]
                let perOccasion = spend?.expectedSpend(x: client.x, mx: client.mx)
                return ClientForecast(
                    probabilityAlive: figures.alive, expectedPurchases: figures.purchases,
                    expectedSpend: perOccasion.flatMap { LifetimeValue.money($0, scale: scale) },
                    clv: perOccasion.flatMap { LifetimeValue.money(options.margin * $0 * figures.discounted, scale: scale) })
            }
        }.flatMap { $0 }
    }

    /// The per-group figures of ``forecast(_:spend:options:scale:threads:)`` for BG/NBD, the same
    /// numbers with less work: E[Y(t)]'s series depends on (x, T) and not on t_x, and there
    /// are about a third as many (x, T) as groups (67 000 of 224 000 on 10 M rows), so each
    /// distinct (x, T) gets its numerators for the horizon and for every month of the CLV
    /// once, and each group divides them by its own odds of dropout exactly as
    /// ``BGNBD/expectedPurchases(within:x:tx:T:)`` and ``LifetimeValue/discountedPurchases(_:x:tx:T:months:month:discount:)`` do.
    private func bgnbdFigures(_ model: BGNBD, horizon: Double, months: Int, month: Double, discount: Double,
                              threads: Int) -> [(alive: Double, purchases: Double, discounted: Double)] {
        let groups = self.groups
        var place: [XT: Int] = [:]
        var distinct: [XT] = []
        let placeOf = groups.map { group -> Int in
            let key = XT(x: group.x, T: group.T.bitPattern)
            if let known = place[key] { return known }
            place[key] = distinct.count
            distinct.append(key)
            return distinct.count - 1
        }
        let width = months + 1   // the horizon's numerator, then month 1 … months
        let keys = distinct
        let ranges = Parallel.ranges(keys.count, parts: max(1, threads * 8))
        let numerators = Parallel.map(ranges.count, threads: threads) { part in
            var values: [Double] = []
            values.reserveCapacity(ranges[part].count * width)
            for key in keys[ranges[part]] {
                let T = Double(bitPattern: key.T)
                values.append(horizon > 0 ? model.expectationNumerator(within: horizon, x: key.x, T: T) : 0)
                for m in stride(from: 1, through: months, by: 1) {
                    values.append(model.expectationNumerator(within: Double(m) * month, x: key.x, T: T))
                }
            }
            return values
        }.flatMap { $0 }
        let groupRanges = Parallel.ranges(groups.count, parts: max(1, threads * 8))
        return Parallel.map(groupRanges.count, threads: threads) { part in
            groups[groupRanges[part]].indices.map { index in
                let group = groups[index]
                let base = placeOf[index] * width
                func expected(_ numerator: Double) -> Double {
                    model.expectedPurchases(numerator: numerator, x: group.x, tx: group.tx, T: group.T)
                }
                let total = LifetimeValue.discounted(months: months, discount: discount) { expected(numerators[base + $0]) }
                return (alive: model.probabilityAlive(x: group.x, tx: group.tx, T: group.T),
                        purchases: horizon > 0 ? expected(numerators[base]) : 0, discounted: total)
            }
        }.flatMap { $0 }
    }
}

/// A group's x and T (its bits): what E[Y(t)]'s series depends on.
private struct XT: Hashable {
    var x: Int
    var T: UInt64
}
