#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The beta-geometric/NBD model of Fader, Hardie & Lee (2005), "Counting Your
/// Customers the Easy Way": while alive a client buys at a Poisson rate
/// λ ~ Gamma(r, α); after each purchase it drops out with probability
/// p ~ Beta(a, b). The default model of SPEC §14.
///
/// Fitted to the CDNOW sample (2 357 clients, weeks, as-of 1997-09-30) it gives
/// the published r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
public struct BGNBD: PurchaseModel, Hashable {
    /// Shape of the Gamma the purchase rates λ are drawn from.
    public var r: Double
    /// Scale (in the summary's time unit) of the Gamma the purchase rates are drawn from.
    public var alpha: Double
    /// First shape of the Beta the dropout probabilities p are drawn from.
    public var a: Double
    /// Second shape of the Beta the dropout probabilities are drawn from.
    public var b: Double

    /// A model with known parameters: a published fit, or one to score clients with.
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    static let names = ["r", "alpha", "a", "b"]

    /// Maximum-likelihood parameters for the grouped calibration data.
    ///
    /// The likelihood is summed over fixed chunks of groups on up to `threads`
    /// threads and the chunk sums added in order, so the result does not depend
    /// on `threads`; the terms that depend on x alone are worked out once per x,
    /// ln(α + t) once per distinct t. Past 8 192 groups the search starts from
    /// the fit to a systematic sample of about 4 096 of them, which saves most
    /// of the iterations over all of them, and stops at a mean gradient of 10⁻⁷
    /// per client: the sum over that many groups is too noisy in its last digits
    /// for the line search to go further, and the parameters are then good to
    /// about 10⁻⁷, far below what P(alive)'s six decimals show.
    /// - Throws: ``ModelFitError`` with the reason the data cannot be fitted.
    public static func fit(_ groups: [FrequencyRecency], penalizer: Double = 0,
                           threads: Int = 1) throws(ModelFitError) -> ModelFit<BGNBD> {
        let (scaled, scale, clients) = try CalibrationData.scaled(groups, model: "BG/NBD")
        let result = try CalibrationData.warmStarted(scaled, clients: clients) {
            groups, clients, start, tolerance throws(ModelFitError) in
            try maximize(groups, clients: clients, start: start, penalizer: penalizer, threads: threads,
                         gradientTolerance: tolerance)
        }
        let p = result.parameters
        let model = BGNBD(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3])
        let logLikelihood = groups.reduce(0.0) { $0 + Double($1.count) * model.logLikelihood(x: $1.x, tx: $1.tx, T: $1.T) }
        return ModelFit(parameters: model, logLikelihood: logLikelihood, iterations: result.iterations,
                        converged: result.converged)
    }

    /// BFGS over the (scaled) groups from `start`.
    private static func maximize(_ scaled: [FrequencyRecency], clients: Double, start: [Double], penalizer: Double,
                                 threads: Int, gradientTolerance: Double? = nil) throws(ModelFitError) -> (parameters: [Double], iterations: Int, converged: Bool) {
        let chunks = CalibrationData.chunks(scaled.count)
        // Each group's t_x and T as places in the lists of distinct values.
        var places: [UInt64: Int32] = [:]
        var times: [Double] = []
        func place(_ time: Double) -> Int32 {
            if let known = places[time.bitPattern] { return known }
            places[time.bitPattern] = Int32(times.count)
            times.append(time)
            return Int32(times.count - 1)
        }
        let placeOf = scaled.map { (tx: place($0.tx), T: place($0.T)) }
        let distinct = times
        return try MaximumLikelihood.fit(model: "BG/NBD", names: names, start: start, clients: clients,
                                         penalizer: penalizer, gradientTolerance: gradientTolerance) { theta in
            let model = BGNBD(r: theta[0], alpha: theta[1], a: theta[2], b: theta[3])
            let logs = distinct.map { log(model.alpha + $0) }
            let parts = Parallel.map(chunks.count, threads: threads) { chunk in
                var sums = (value: 0.0, r: 0.0, alpha: 0.0, a: 0.0, b: 0.0)
                var terms = model.termsOfX(0)
                for index in chunks[chunk] {
                    let group = scaled[index]
                    if group.x != terms.x { terms = model.termsOfX(group.x) }
                    let (value, partials) = model.logLikelihoodAndGradient(
                        terms, tx: group.tx, T: group.T,
                        logAlphaTx: logs[Int(placeOf[index].tx)], logAlphaT: logs[Int(placeOf[index].T)])
                    let weight = Double(group.count)
                    sums.value += weight * value
                    sums.r += weight * partials.r
                    sums.alpha += weight * partials.alpha
                    sums.a += weight * partials.a
                    sums.b += weight * partials.b
                }
                return sums
            }
            var total = 0.0
            var gradient = [0.0, 0.0, 0.0, 0.0]
            for part in parts {
                total += part.value
                gradient[0] += part.r
                gradient[1] += part.alpha
                gradient[2] += part.a
                gradient[3] += part.b
            }
            return (total, gradient)
        }
    }

    /// ln L(r, α, a, b | x, t_x, T), FHL (2005) eq. 6.
    public func logLikelihood(x: Int, tx: Double, T: Double) -> Double {
        logLikelihoodAndGradient(termsOfX(x), tx: tx, T: T).value
    }

    /// ln L and its gradient in (r, α, a, b) at one (x, t_x, T).
    func logLikelihoodAndGradient(x: Int, tx: Double, T: Double) -> (value: Double, gradient: [Double]) {
        let (value, g) = logLikelihoodAndGradient(termsOfX(x), tx: tx, T: T)
        return (value, [g.r, g.alpha, g.a, g.b])
    }

    /// The parts of ln L and its gradient that depend on x alone (and the
    /// parameters): the log-gamma and digamma terms, the costly ones.
    struct TermsOfX {
        let x: Int
        /// A₁ + A₂ without the terms in T.
        let a1: Double, a2: Double
        /// ψ(r+x) − ψ(r) + ln α; ψ(a+b) − ψ(a+b+x); ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x).
        let dr: Double, da: Double, db: Double
        /// ln a − ln(b+x−1), for x > 0.
        let logDropout: Double
    }

    func termsOfX(_ x: Int) -> TermsOfX {
        let xd = Double(x)
        let psiAB = SpecialFunctions.digamma(a + b), psiABX = SpecialFunctions.digamma(a + b + xd)
        return TermsOfX(
            x: x,
            a1: SpecialFunctions.logGamma(r + xd) - SpecialFunctions.logGamma(r) + r * log(alpha),
            a2: SpecialFunctions.logGamma(a + b) + SpecialFunctions.logGamma(b + xd) - SpecialFunctions.logGamma(b)
                - SpecialFunctions.logGamma(a + b + xd),
            dr: SpecialFunctions.digamma(r + xd) - SpecialFunctions.digamma(r) + log(alpha),
            da: psiAB - psiABX,
            db: psiAB + SpecialFunctions.digamma(b + xd) - SpecialFunctions.digamma(b) - psiABX,
            logDropout: x > 0 ? log(a) - log(b + xd - 1) : 0)
    }

    /// ln L and its gradient in (r, α, a, b).
    ///
    /// ln L = A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄) with
    /// A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
    /// A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
    /// A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x):
    /// every term a logarithm, so x = 10 000 or T = 10 000 weeks cannot overflow.
    func logLikelihoodAndGradient(_ terms: TermsOfX, tx: Double, T: Double)
        -> (value: Double, gradient: (r: Double, alpha: Double, a: Double, b: Double)) {
        logLikelihoodAndGradient(terms, tx: tx, T: T, logAlphaTx: log(alpha + tx), logAlphaT: log(alpha + T))
    }

    /// The same with ln(α + t_x) and ln(α + T) given.
    @inline(__always)
    func logLikelihoodAndGradient(_ terms: TermsOfX, tx: Double, T: Double, logAlphaTx: Double, logAlphaT: Double)
        -> (value: Double, gradient: (r: Double, alpha: Double, a: Double, b: Double)) {
        let x = Double(terms.x)
        let a3 = -(r + x) * logAlphaT
        var value = terms.a1 + terms.a2 + a3
        // Share of the second term (the client dropped out after its last purchase).
        var w4 = 0.0
        if terms.x > 0 {
            let a4 = terms.logDropout - (r + x) * logAlphaTx
            let top = max(a3, a4)
            let e3 = exp(a3 - top), e4 = exp(a4 - top)
            value = terms.a1 + terms.a2 + top + log(e3 + e4)
            w4 = e4 / (e3 + e4)
        }
        let w3 = 1 - w4
        let dr = terms.dr - w3 * logAlphaT - w4 * logAlphaTx
        let dAlpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx))
        let da = terms.da + w4 / a
        var db = terms.db
        if terms.x > 0 { db -= w4 / (b + x - 1) }
        return (value, (dr, dAlpha, da, db))
    }

    /// P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
    /// (Fader, Hardie & Lee 2008, note 021); 1 for x = 0.
    public func probabilityAlive(x: Int, tx: Double, T: Double) -> Double {
        guard x > 0 else { return 1 }
        return 1 / (1 + exp(logOddsOfDropout(x: Double(x), tx: tx, T: T)))
    }

    private func logOddsOfDropout(x: Double, tx: Double, T: Double) -> Double {
        log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx))
    }

    /// E[Y(t) | x, t_x, T], FHL (2005) eq. 10:
    ///
    ///     (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] / (1 + [x>0]·odds),
    ///     z = t/(α+T+t).
    ///
    /// Written without its two traps. Euler's transformation turns
    /// (1−z)^(r+x)·2F1(r+x, b+x; C; z) into (1−z)^(a−1)·2F1(C−r−x, a−1; C; z) with
    /// C = a+b+x−1, which no longer grows with x. And since every term n ≥ 1 of
    /// that series holds the factor (a−1)/C, the numerator is
    ///
    ///     C · L · φ((a−1)L) − e^(−(a−1)L) · Σₙ≥₁ kₙ,   L = ln(1 + t/(α+T)),  φ(u) = (1 − e^−u)/u,
    ///     k₁ = (a+b−1−r)·z,  kₙ₊₁ = kₙ · (a+b−1−r+n)(a+n−1) z / ((C+n)(n+1)),
    ///
    /// with no division by a − 1 and none by C: finite at a = 1 and when x = 0 and
    /// a + b < 1 makes C negative (where lifetimes takes the log of a negative
    /// hypergeometric value, issues #302 and #442). C + n ≥ a + b > 0 for n ≥ 1.
    /// The kₙ ratios tend to z < 1; the sum stops when a bound on its tail is below
    /// 10⁻¹⁷ of the sum of |kₙ| so far, so its error is rounding: about n·u·Σ|kₙ|.
    public func expectedPurchases(within t: Double, x: Int, tx: Double, T: Double) -> Double {
        guard t > 0 else { return 0 }
        return expectedPurchases(numerator: expectationNumerator(within: t, x: x, T: T), x: x, tx: tx, T: T)
    }

    /// E[Y(t)] from its numerator: the numerator itself for x = 0, else over 1 + the odds of dropout.
    func expectedPurchases(numerator: Double, x: Int, tx: Double, T: Double) -> Double {
        guard x > 0 else { return numerator }
        return numerator / (1 + exp(logOddsOfDropout(x: Double(x), tx: tx, T: T)))
    }

    /// The part of E[Y(t) | x, t_x, T] that does not depend on t_x, for t > 0: the series
    /// (its cost), the same for every group of one (x, T), so the forecasts work it out once
    /// for all of them (``ModelSummary/forecast(_:spend:options:scale:threads:)``).
    func expectationNumerator(within t: Double, x: Int, T: Double) -> Double {
        let xd = Double(x)
        let c = a + b + xd - 1
        let shift = a + b - 1 - r
        let z = t / (alpha + T + t)
        let l = log1p(t / (alpha + T))
        var k = shift * z
        var sum = k, magnitude = abs(k)
        var n = 1.0
        while n < 1e6 {
            k *= (shift + n) * (a + n - 1) * z / ((c + n) * (n + 1))
            sum += k
            magnitude += abs(k)
            n += 1
            if k == 0 { break }
            // For n > r + 2 every later ratio is at most ρ = z·max(1, (a+n−1)/(n+1)) in size
            // (|b+a−1−r+m| ≤ C+m, and (a+m−1)/(m+1) falls with m when a ≥ 2): tail ≤ |kₙ|ρ/(1−ρ).
            let rho = z * max(1, (a + n - 1) / (n + 1))
            if n > r + 2, rho < 1, abs(k) * rho / (1 - rho) <= 1e-17 * magnitude { break }
        }
        return c * l * SpecialFunctions.oneMinusExpOver((a - 1) * l) - exp(-(a - 1) * l) * sum
    }
}
