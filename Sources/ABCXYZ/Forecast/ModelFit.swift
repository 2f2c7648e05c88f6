#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A model fitted by maximum likelihood (SPEC §14): its parameters and how the
/// optimiser got there.
public struct ModelFit<Parameters: Sendable & Hashable>: Sendable, Hashable {
    /// The maximum-likelihood parameters, in the summary's time unit.
    public var parameters: Parameters
    /// The log-likelihood of the data at `parameters`, without the penalty,
    /// in the summary's own time unit.
    public var logLikelihood: Double
    /// BFGS iterations taken.
    public var iterations: Int
    /// Whether the gradient fell below the tolerance (otherwise the optimiser
    /// stopped at its iteration limit or where rounding stopped all progress).
    public var converged: Bool
}

/// A fit that cannot give parameters, and why; never a NaN.
public struct ModelFitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What stopped the fit, so that callers can tell bad data from a hard optimisation.
    public enum Reason: Hashable, Sendable {
        /// No client to fit.
        case noClients
        /// No client with a repeat occasion (x > 0), so the purchase rate cannot be told from the dropout.
        case noRepeatBuyers
        /// Every client's first occasion is on as-of (T = 0): there is no history to learn from.
        case noHistory
        /// A parameter ran off to 0 or to infinity: the data do not pin it down.
        case parameterDiverged(name: String, towardZero: Bool)
        /// The likelihood cannot be evaluated at the starting point.
        case notEvaluable
    }

    /// `BG/NBD`, `Pareto/NBD` or `Gamma-Gamma`.
    public var model: String
    /// Why it failed.
    public var reason: Reason

    /// The failure of `model` (its display name) for `reason`.
    public init(model: String, reason: Reason) {
        self.model = model
        self.reason = reason
    }

    /// One line for the user: the model, what went wrong and, for a diverging parameter, what to try.
    public var description: String {
        let why: String
        switch reason {
        case .noClients: why = "no client with an occasion"
        case .noRepeatBuyers: why = "no client bought more than once (x = 0 for all), so there is nothing to fit"
        case .noHistory: why = "every client's first occasion is on the as-of date (T = 0)"
        case let .parameterDiverged(name, towardZero):
            why = "parameter \(name) runs off to \(towardZero ? "0" : "infinity"): the data do not determine it"
                + (towardZero ? " (too few clients, or histories too regular for the model)"
                    : " (too few repeat buyers; a penalizer keeps it finite: try --penalizer 0.001)")
        case .notEvaluable: why = "the likelihood cannot be evaluated at the starting point"
        }
        return "\(model) fit failed: \(why)"
    }
}

/// Maximum likelihood on log-parameters, shared by the three models.
///
/// The objective is lifetimes' (0.11.3): the mean negative log-likelihood per
/// client plus `penalizer · Σ θ²` over the natural parameters θ (in the
/// scaled time the caller fitted in), so a penalised fit here and there agree.
enum MaximumLikelihood {
    /// - Parameters:
    ///   - gradientTolerance: the optimiser's, when not its default (10⁻⁹).
    ///   - logLikelihood: Σ count·ln L and its gradient in the natural parameters, or `nil` where undefined.
    /// - Returns: the natural parameters, the iterations and whether BFGS converged.
    static func fit(model: String, names: [String], start: [Double], clients: Double, penalizer: Double,
                    gradientTolerance: Double? = nil, logLikelihood: ([Double]) -> (value: Double, gradient: [Double])?)
        throws(ModelFitError) -> (parameters: [Double], iterations: Int, converged: Bool) {
        var evaluations = 0
        let objective: QuasiNewton.Objective = { logParameters in
            evaluations += 1
            let theta = logParameters.map { exp($0) }
            guard theta.allSatisfy({ $0 > 0 && $0.isFinite }), let (value, gradient) = logLikelihood(theta)
            else { return nil }
            var penalty = 0.0
            var logGradient = [Double](repeating: 0, count: theta.count)
            for i in theta.indices {
                penalty += theta[i] * theta[i]
                // d/d ln θ = θ · d/dθ
                logGradient[i] = theta[i] * (-gradient[i] / clients + 2 * penalizer * theta[i])
            }
            return (-value / clients + penalizer * penalty, logGradient)
        }
        var optimizer = QuasiNewton()
        if let gradientTolerance { optimizer.gradientTolerance = gradientTolerance }
        guard let result = optimizer.minimize(objective, from: start.map { log($0) }) else {
            throw ModelFitError(model: model, reason: .notEvaluable)
        }
        if Trace.enabled {
            let line = "trace: \(model) fit: \(result.iterations) iterations, \(evaluations) evaluations, "
                + "converged \(result.converged)\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        for (i, value) in result.point.enumerated() where abs(value) > 30 {   // e^30 ≈ 10¹³
            throw ModelFitError(model: model, reason: .parameterDiverged(name: names[i], towardZero: value < 0))
        }
        return (result.point.map { exp($0) }, result.iterations, result.converged)
    }
}
