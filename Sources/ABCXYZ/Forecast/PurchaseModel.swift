/// A buy-till-you-die model fitted to a population: what it says about one
/// client from the client's (x, t_x, T) alone (SPEC §14).
public protocol PurchaseModel: Sendable {
    /// P(the client is still a customer at as-of | x, t_x, T).
    func probabilityAlive(x: Int, tx: Double, T: Double) -> Double
    /// E[occasions in (as-of, as-of + t] | x, t_x, T], with t in the model's unit.
    func expectedPurchases(within t: Double, x: Int, tx: Double, T: Double) -> Double
}

extension FrequencyRecency {
    /// The data can be fitted: counts positive, 0 ≤ t_x ≤ T finite, t_x = 0 when x = 0.
    var isValid: Bool {
        count > 0 && x >= 0 && tx >= 0 && tx <= T && T.isFinite && (x > 0 || tx == 0)
    }
}

/// The checks and time scaling BG/NBD and Pareto/NBD share: lifetimes fits in
/// time scaled so that the largest T is 1 (better conditioned), and so does
/// this, which also makes a penalised fit agree with lifetimes'.
enum CalibrationData {
    static func scaled(_ groups: [FrequencyRecency], model: String) throws(ModelFitError)
        -> (groups: [FrequencyRecency], scale: Double, clients: Double) {
        let groups = groups.filter { $0.count > 0 }
        guard !groups.isEmpty else { throw ModelFitError(model: model, reason: .noClients) }
        precondition(groups.allSatisfy(\.isValid), "calibration data must have 0 ≤ t_x ≤ T, t_x = 0 when x = 0")
        guard groups.contains(where: { $0.x > 0 }) else { throw ModelFitError(model: model, reason: .noRepeatBuyers) }
        let longest = groups.map(\.T).max()!
        guard longest > 0 else { throw ModelFitError(model: model, reason: .noHistory) }
        let scale = 1 / longest
        let scaled = groups.map { FrequencyRecency(x: $0.x, tx: $0.tx * scale, T: $0.T * scale, count: $0.count) }
        return (scaled, scale, Double(groups.reduce(0) { $0 + $1.count }))
    }

    /// Fixed ranges of `count` items whose likelihoods are summed apart and then
    /// in order: the same sums, to the last bit, on any number of threads.
    /// A fit of the (scaled) groups by `maximize(groups, clients, start, gradientTolerance)`:
    /// past 8 192 groups it starts from the fit to a systematic sample of about 4 096 of them
    /// (which saves most of the iterations over all of them) and stops at a mean gradient of
    /// 10⁻⁷ per client, where the sum over that many groups is too noisy in its last digits for
    /// the line search to go further; the iterations count both fits. Below that, one fit from 1s.
    static func warmStarted(
        _ scaled: [FrequencyRecency], clients: Double,
        _ maximize: ([FrequencyRecency], Double, [Double], Double?) throws(ModelFitError)
            -> (parameters: [Double], iterations: Int, converged: Bool)
    ) throws(ModelFitError) -> (parameters: [Double], iterations: Int, converged: Bool) {
        var start = [1.0, 1.0, 1.0, 1.0]
        var warmIterations = 0
        var tolerance: Double? = nil
        if scaled.count > 8_192 {
            tolerance = 1e-7
            let sample = stride(from: 0, to: scaled.count, by: scaled.count / 4_096).map { scaled[$0] }
            if sample.contains(where: { $0.x > 0 }),
               let warm = try? maximize(sample, Double(sample.reduce(0) { $0 + $1.count }), start, nil) {
                start = warm.parameters
                warmIterations = warm.iterations
            }
        }
        let result = try maximize(scaled, clients, start, tolerance)
        return (result.parameters, warmIterations + result.iterations, result.converged)
    }

    static func chunks(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: 8_192).map { $0..<min($0 + 8_192, count) }
    }
}
