/// SPEC §5's rule from a client's own cycle and its recency to a status, in
/// one place: the classifier applies it at as-of, the report at any day of
/// SPEC §8, and both must agree to the day.
struct StatusRule: Sendable {
    let fallbackCycle: Double
    let minimumCycle: Double
    let atRiskFactor: Double
    let lostFactor: Double

    init(_ options: AnalysisOptions) {
        fallbackCycle = options.fallbackCycleDays
        minimumCycle = options.minimumCycleDays
        atRiskFactor = options.atRiskFactor
        lostFactor = options.lostFactor
    }

    /// The cycle every client without its own takes: the population cycle
    /// (median of own cycles, before the minimum) or the fallback, at least the minimum.
    func sharedCycle(population: Double?) -> Double {
        max(population ?? fallbackCycle, minimumCycle)
    }

    /// A client's cycle: its own (NaN if none) or the shared one, at least the minimum.
    @inline(__always)
    func cycle(own: Double, shared: Double) -> Double {
        own.isNaN ? shared : max(own, minimumCycle)
    }

    @inline(__always)
    func status(recency: Int32, cycle: Double) -> ClientStatus {
        Double(recency) <= atRiskFactor * cycle ? .active : Double(recency) <= lostFactor * cycle ? .atRisk : .lost
    }
}
