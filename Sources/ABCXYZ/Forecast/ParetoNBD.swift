#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987): while alive
/// a client buys at a Poisson rate λ ~ Gamma(r, α) and lives an exponential
/// lifetime of rate μ ~ Gamma(s, β).
///
/// Fitted to the CDNOW sample (weeks, as-of 1997-09-30) it gives the published
/// r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0.
public struct ParetoNBD: PurchaseModel, Hashable {
    /// Shape of the Gamma the purchase rates λ are drawn from.
    public var r: Double
    /// Scale (in the summary's time unit) of the Gamma the purchase rates are drawn from.
    public var alpha: Double
    /// Shape of the Gamma the dropout rates μ are drawn from.
    public var s: Double
    /// Scale (in the summary's time unit) of the Gamma the dropout rates are drawn from.
    public var beta: Double

    /// A model with known parameters: a published fit, or one to score clients with.
    public init(r: Double, alpha: Double, s: Double, beta: Double) {
        self.r = r
        self.alpha = alpha
        self.s = s
        self.beta = beta
    }

    static let names = ["r", "alpha", "s", "beta"]

    /// Maximum-likelihood parameters for the grouped calibration data.
    ///
    /// The penalty is lifetimes' for this model, which (unlike its BG/NBD and
    /// Gamma-Gamma) divides the summed log-likelihood by the mean weight rather
    /// than the total: on one row per client, λ·Σθ² against the *summed*
    /// log-likelihood. Kept so that penalised fits agree.
    ///
    /// As for ``BGNBD/fit(_:penalizer:threads:)``: the likelihood is summed over
    /// fixed chunks of groups on up to `threads` threads and the chunk sums added
    /// in order (the result does not depend on `threads`), and past 8 192 groups
    /// the search starts from the fit to a systematic sample of about 4 096 of
    /// them and stops at a mean gradient of 10⁻⁷ per client. Each group costs two
    /// Gauss hypergeometric functions, so at 250 000 clients a cold fit over all
    /// of them took minutes.
    /// - Throws: ``ModelFitError`` with the reason the data cannot be fitted.
    public static func fit(_ groups: [FrequencyRecency], penalizer: Double = 0,
                           threads: Int = 1) throws(ModelFitError) -> ModelFit<ParetoNBD> {
        let (scaled, scale, clients) = try CalibrationData.scaled(groups, model: "Pareto/NBD")
        let result = try CalibrationData.warmStarted(scaled, clients: clients) {
            groups, clients, start, tolerance throws(ModelFitError) in
            try maximize(groups, clients: clients, start: start, penalizer: penalizer, threads: threads,
                         gradientTolerance: tolerance)
        }
        let p = result.parameters
        let model = ParetoNBD(r: p[0], alpha: p[1] / scale, s: p[2], beta: p[3] / scale)
        let logLikelihood = groups.reduce(0.0) { $0 + Double($1.count) * model.logLikelihood(x: $1.x, tx: $1.tx, T: $1.T) }
        return ModelFit(parameters: model, logLikelihood: logLikelihood, iterations: result.iterations,
                        converged: result.converged)
    }

    /// BFGS over the (scaled) groups from `start`, the penalty divided by their clients (lifetimes').
    private static func maximize(_ scaled: [FrequencyRecency], clients: Double, start: [Double], penalizer: Double,
                                 threads: Int, gradientTolerance: Double? = nil) throws(ModelFitError)
        -> (parameters: [Double], iterations: Int, converged: Bool) {
        let chunks = CalibrationData.chunks(scaled.count)
        return try MaximumLikelihood.fit(model: "Pareto/NBD", names: names, start: start, clients: clients,
                                         penalizer: penalizer / clients, gradientTolerance: gradientTolerance) { theta in
            let model = ParetoNBD(r: theta[0], alpha: theta[1], s: theta[2], beta: theta[3])
            let parts = Parallel.map(chunks.count, threads: threads) { chunk in
                var total = 0.0
                var gradient = [0.0, 0.0, 0.0, 0.0]
                for index in chunks[chunk] {
                    let group = scaled[index]
                    let evaluation = model.evaluate(x: group.x, tx: group.tx, T: group.T)
                    let weight = Double(group.count)
                    total += weight * evaluation.logLikelihood
                    for i in 0..<4 { gradient[i] += weight * evaluation.gradient[i] }
                }
                return (total, gradient)
            }
            var total = 0.0
            var gradient = [0.0, 0.0, 0.0, 0.0]
            for part in parts {
                total += part.0
                for i in 0..<4 { gradient[i] += part.1[i] }
            }
            return (total, gradient)
        }
    }

    /// ln L(r, α, s, β | x, t_x, T).
    public func logLikelihood(x: Int, tx: Double, T: Double) -> Double {
        evaluate(x: x, tx: tx, T: T).logLikelihood
    }

    /// P(alive | x, t_x, T): the share of the likelihood in which the client is
    /// still alive at T.
    public func probabilityAlive(x: Int, tx: Double, T: Double) -> Double {
        evaluate(x: x, tx: tx, T: T).probabilityAlive
    }

    /// E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T)/(α+T) · [1 − ((β+T)/(β+T+t))^(s−1)] / (s−1),
    /// the bracket over s − 1 taken as L·φ((s−1)L) with L = ln(1 + t/(β+T)), exact at s = 1.
    public func expectedPurchases(within t: Double, x: Int, tx: Double, T: Double) -> Double {
        guard t > 0 else { return 0 }
        let l = log1p(t / (beta + T))
        return probabilityAlive(x: x, tx: tx, T: T) * (r + Double(x)) * (beta + T) / (alpha + T)
            * l * SpecialFunctions.oneMinusExpOver((s - 1) * l)
    }

    struct Evaluation {
        var logLikelihood: Double
        var gradient: [Double]
        var probabilityAlive: Double
    }

    /// ln L, its gradient in (r, α, s, β), and P(alive), from
    ///
    ///     L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s · (I(t_x) − I(T)) ],
    ///     I(t) = ∫ₜ^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ,
    ///
    /// the form of SMC (1987) in which the second term is the client dying at
    /// some τ in (t_x, T]; I(t) is 2F1(r+s+x, ·; r+s+x+1; z) / ((r+s+x)(max(α,β)+t)^(r+s+x))
    /// (lifetimes' A₀), taken in logarithms through ``Hypergeometric2F1``, and
    /// the difference as I(t_x)·(1 − e^(ln I(T) − ln I(t_x))) with `expm1`.
    func evaluate(x: Int, tx: Double, T: Double) -> Evaluation {
        let xd = Double(x)
        let a1 = SpecialFunctions.logGamma(r + xd) - SpecialFunctions.logGamma(r) + r * log(alpha) + s * log(beta)
        let gradientA1 = [SpecialFunctions.digamma(r + xd) - SpecialFunctions.digamma(r) + log(alpha), r / alpha,
                          log(beta), s / beta]
        let logAlphaT = log(alpha + T), logBetaT = log(beta + T)
        let e = -(r + xd) * logAlphaT - s * logBetaT
        let gradientE = [-logAlphaT, -(r + xd) / (alpha + T), -logBetaT, -s / (beta + T)]
        var logQ = -Double.infinity
        var gradientQ = [0.0, 0.0, 0.0, 0.0]
        if tx < T {
            let i1 = logIntegral(from: tx, x: xd), i2 = logIntegral(from: T, x: xd)
            let gap = i2.value - i1.value   // < 0: I falls with t
            if gap < 0 {
                let q = exp(gap)
                logQ = log(s) + i1.value + log(-expm1(gap))
                for k in 0..<4 { gradientQ[k] = (i1.partials[k] - q * i2.partials[k]) / (1 - q) }
                gradientQ[2] += 1 / s
            }
        }
        let top = max(e, logQ)
        let value = a1 + top + log(exp(e - top) + exp(logQ - top))
        let alive = 1 / (1 + exp(logQ - e))
        var gradient = [0.0, 0.0, 0.0, 0.0]
        for k in 0..<4 {
            gradient[k] = gradientA1[k] + alive * gradientE[k] + (logQ == -.infinity ? 0 : (1 - alive) * gradientQ[k])
        }
        return Evaluation(logLikelihood: value, gradient: gradient, probabilityAlive: alive)
    }

    /// ln I(t) and its partials in (r, α, s, β). With m = max(α, β) and
    /// z = |α − β|/(m + t) ∈ [0, 1), by Euler's transformation (see ``Hypergeometric2F1``):
    ///
    /// - α ≥ β: ln I = −ln(r+s+x) − (r+x) ln(α+t) − s ln(β+t) + ln G(r+x, s+1; z),
    /// - α < β: ln I = −ln(r+s+x) − (r+x−1) ln(α+t) − (s+1) ln(β+t) + ln G(s+1, r+x; z),
    ///
    /// with 1 − z = (min(α, β) + t)/(m + t) computed as that quotient, never as 1 − z.
    private func logIntegral(from t: Double, x: Double) -> LogValue {
        let sum = r + s + x
        let alphaT = alpha + t, betaT = beta + t
        let logAlphaT = log(alphaT), logBetaT = log(betaT)
        if alpha >= beta {
            let g = Hypergeometric2F1.logG(beta: r + x, delta: s + 1, z: (alpha - beta) / alphaT,
                                           oneMinusZ: betaT / alphaT)
            let dz = g.partials[2]
            return LogValue(value: -log(sum) - (r + x) * logAlphaT - s * logBetaT + g.value, partials: [
                -1 / sum - logAlphaT + g.partials[0],
                -(r + x) / alphaT + dz * betaT / (alphaT * alphaT),
                -1 / sum - logBetaT + g.partials[1],
                -s / betaT - dz / alphaT,
            ])
        }
        let g = Hypergeometric2F1.logG(beta: s + 1, delta: r + x, z: (beta - alpha) / betaT, oneMinusZ: alphaT / betaT)
        let dz = g.partials[2]
        return LogValue(value: -log(sum) - (r + x - 1) * logAlphaT - (s + 1) * logBetaT + g.value, partials: [
            -1 / sum - logAlphaT + g.partials[1],
            -(r + x - 1) / alphaT - dz / betaT,
            -1 / sum - logBetaT + g.partials[0],
            -(s + 1) / betaT + dz * alphaT / (betaT * betaT),
        ])
    }
}
