#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Gamma-Gamma model of spend per occasion (Fader & Hardie 2013, note 025):
/// a client's occasions are worth Gamma(p, ν) amounts, ν ~ Gamma(q, γ) across
/// clients, independent of how often the client buys.
///
/// Fitted to the 946 CDNOW clients with a repeat purchase it gives the
/// published p = 6.25, q = 3.74, γ = 15.44.
public struct GammaGamma: Hashable, Sendable {
    /// Shape of each occasion's amount, Gamma(p, ν).
    public var p: Double
    /// Shape of the Gamma the clients' rates ν are drawn from.
    public var q: Double
    /// Rate of the Gamma the clients' rates ν are drawn from (currency units).
    public var gamma: Double

    /// A model with known parameters: a published fit, or one to value clients with.
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    static let names = ["p", "q", "gamma"]

    /// Maximum-likelihood parameters from the clients with x > 0 and m_x > 0.
    ///
    /// Summed in fixed chunks on up to `threads` threads, the terms in x alone
    /// once per x (observations come ordered by x), and past 8 192 observations
    /// from a warm start, as ``BGNBD/fit(_:penalizer:threads:)``.
    /// - Throws: ``ModelFitError`` with the reason the data cannot be fitted.
    public static func fit(_ observations: [SpendObservation], penalizer: Double = 0,
                           threads: Int = 1) throws(ModelFitError) -> ModelFit<GammaGamma> {
        let observations = observations.filter { $0.count > 0 }
        guard !observations.isEmpty else { throw ModelFitError(model: "Gamma-Gamma", reason: .noRepeatBuyers) }
        precondition(observations.allSatisfy { $0.x > 0 && $0.mx > 0 && $0.mx.isFinite },
                     "spend observations need x > 0 and m_x > 0")
        var start = [1.0, 1.0, 1.0]
        var warmIterations = 0
        var tolerance: Double? = nil
        if observations.count > 8_192 {   // as BG/NBD: a warm start from a systematic sample
            tolerance = 1e-7
            let sample = stride(from: 0, to: observations.count, by: observations.count / 4_096).map { observations[$0] }
            if let warm = try? maximize(sample, start: start, penalizer: penalizer, threads: threads) {
                start = warm.parameters
                warmIterations = warm.iterations
            }
        }
        let result = try maximize(observations, start: start, penalizer: penalizer, threads: threads,
                                  gradientTolerance: tolerance)
        let model = GammaGamma(p: result.parameters[0], q: result.parameters[1], gamma: result.parameters[2])
        let logLikelihood = observations.reduce(0.0) {
            $0 + Double($1.count) * model.logLikelihood(x: $1.x, mx: $1.mx)
        }
        return ModelFit(parameters: model, logLikelihood: logLikelihood, iterations: warmIterations + result.iterations,
                        converged: result.converged)
    }

    private static func maximize(_ observations: [SpendObservation], start: [Double], penalizer: Double, threads: Int,
                                 gradientTolerance: Double? = nil) throws(ModelFitError)
        -> (parameters: [Double], iterations: Int, converged: Bool) {
        let clients = Double(observations.reduce(0) { $0 + $1.count })
        let logMeans = observations.map { log($0.mx) }
        let chunks = CalibrationData.chunks(observations.count)
        return try MaximumLikelihood.fit(model: "Gamma-Gamma", names: names, start: start, clients: clients,
                                         penalizer: penalizer, gradientTolerance: gradientTolerance) { theta in
            let model = GammaGamma(p: theta[0], q: theta[1], gamma: theta[2])
            let parts = Parallel.map(chunks.count, threads: threads) { chunk in
                var sums = (value: 0.0, p: 0.0, q: 0.0, gamma: 0.0)
                var terms = model.termsOfX(observations[chunks[chunk].lowerBound].x)
                for index in chunks[chunk] {
                    let observation = observations[index]
                    if observation.x != terms.x { terms = model.termsOfX(observation.x) }
                    let (value, partials) = model.logLikelihoodAndGradient(terms, mx: observation.mx,
                                                                           logMx: logMeans[index])
                    let weight = Double(observation.count)
                    sums.value += weight * value
                    sums.p += weight * partials.p
                    sums.q += weight * partials.q
                    sums.gamma += weight * partials.gamma
                }
                return sums
            }
            var total = 0.0
            var gradient = [0.0, 0.0, 0.0]
            for part in parts {
                total += part.value
                gradient[0] += part.p
                gradient[1] += part.q
                gradient[2] += part.gamma
            }
            return (total, gradient)
        }
    }

    /// ln of the density of m_x given x (note 025, eq. 1a):
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m_x + px ln x − (px+q) ln(γ + x m_x).
    public func logLikelihood(x: Int, mx: Double) -> Double {
        logLikelihoodAndGradient(x: x, mx: mx).value
    }

    func logLikelihoodAndGradient(x: Int, mx: Double) -> (value: Double, gradient: [Double]) {
        let (value, g) = logLikelihoodAndGradient(termsOfX(x), mx: mx, logMx: log(mx))
        return (value, [g.p, g.q, g.gamma])
    }

    /// The log-gamma and digamma terms, which depend on x alone (and the parameters).
    struct TermsOfX {
        let x: Int
        /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ.
        let value: Double
        /// ψ(px+q) − ψ(px); ψ(px+q) − ψ(q) + ln γ; ln x.
        let dp: Double, dq: Double, logX: Double
    }

    func termsOfX(_ x: Int) -> TermsOfX {
        let px = p * Double(x)
        let psiSum = SpecialFunctions.digamma(px + q)
        return TermsOfX(
            x: x,
            value: SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - SpecialFunctions.logGamma(q)
                + q * log(gamma),
            dp: psiSum - SpecialFunctions.digamma(px), dq: psiSum - SpecialFunctions.digamma(q) + log(gamma),
            logX: log(Double(x)))
    }

    func logLikelihoodAndGradient(_ terms: TermsOfX, mx: Double, logMx: Double)
        -> (value: Double, gradient: (p: Double, q: Double, gamma: Double)) {
        let x = Double(terms.x)
        let px = p * x
        let logTotal = log(gamma + x * mx)
        let value = terms.value + (px - 1) * logMx + px * terms.logX - (px + q) * logTotal
        return (value, (x * (terms.dp + logMx + terms.logX - logTotal), terms.dq - logTotal,
                        q / gamma - (px + q) / (gamma + x * mx)))
    }

    /// E[spend per occasion | x, m_x] = (γ + m_x·x)·p / (p·x + q − 1) for a client
    /// in the fit; the population mean p·γ/(q − 1) for any other (`x` = 0 or
    /// `mx` = nil or ≤ 0). `nil` when q ≤ 1 makes the mean infinite.
    public func expectedSpend(x: Int, mx: Double?) -> Double? {
        if x > 0, let mx, mx > 0 {
            let denominator = p * Double(x) + q - 1
            return denominator > 0 ? (gamma + mx * Double(x)) * p / denominator : nil
        }
        return q > 1 ? p * gamma / (q - 1) : nil
    }
}
