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
    /// - Throws: ``ModelFitError`` with the reason the data cannot be fitted.
    public static func fit(_ observations: [SpendObservation], penalizer: Double = 0) throws(ModelFitError)
        -> ModelFit<GammaGamma> {
        let observations = observations.filter { $0.count > 0 }
        guard !observations.isEmpty else { throw ModelFitError(model: "Gamma-Gamma", reason: .noRepeatBuyers) }
        precondition(observations.allSatisfy { $0.x > 0 && $0.mx > 0 && $0.mx.isFinite },
                     "spend observations need x > 0 and m_x > 0")
        let clients = Double(observations.reduce(0) { $0 + $1.count })
        let result = try MaximumLikelihood.fit(model: "Gamma-Gamma", names: names, start: [1, 1, 1], clients: clients,
                                               penalizer: penalizer) { theta in
            let model = GammaGamma(p: theta[0], q: theta[1], gamma: theta[2])
            var total = 0.0
            var gradient = [0.0, 0.0, 0.0]
            for observation in observations {
                let (value, partials) = model.logLikelihoodAndGradient(x: observation.x, mx: observation.mx)
                let weight = Double(observation.count)
                total += weight * value
                for i in 0..<3 { gradient[i] += weight * partials[i] }
            }
            return (total, gradient)
        }
        let model = GammaGamma(p: result.parameters[0], q: result.parameters[1], gamma: result.parameters[2])
        let logLikelihood = observations.reduce(0.0) {
            $0 + Double($1.count) * model.logLikelihood(x: $1.x, mx: $1.mx)
        }
        return ModelFit(parameters: model, logLikelihood: logLikelihood, iterations: result.iterations,
                        converged: result.converged)
    }

    /// ln of the density of m_x given x (note 025, eq. 1a):
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m_x + px ln x − (px+q) ln(γ + x m_x).
    public func logLikelihood(x: Int, mx: Double) -> Double {
        logLikelihoodAndGradient(x: x, mx: mx).value
    }

    func logLikelihoodAndGradient(x: Int, mx: Double) -> (value: Double, gradient: [Double]) {
        let x = Double(x)
        let px = p * x
        let logMx = log(mx), logX = log(x), logTotal = log(gamma + x * mx)
        let value = SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - SpecialFunctions.logGamma(q)
            + q * log(gamma) + (px - 1) * logMx + px * logX - (px + q) * logTotal
        let psiSum = SpecialFunctions.digamma(px + q)
        return (value, [
            x * (psiSum - SpecialFunctions.digamma(px) + logMx + logX - logTotal),
            psiSum - SpecialFunctions.digamma(q) + log(gamma) - logTotal,
            q / gamma - (px + q) / (gamma + x * mx),
        ])
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
