#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The natural logarithm of a positive function and its partial derivatives:
/// what a likelihood needs to add terms without overflow and to follow its gradient.
struct LogValue: Sendable {
    var value: Double
    var partials: [Double]

    /// NaN everywhere: arguments where the function is not defined.
    static let outsideDomain = LogValue(value: .nan, partials: [.nan, .nan, .nan])
}

/// The Gauss hypergeometric function 2F1 on the family the Pareto/NBD likelihood
/// is made of: 2F1(a, b; a + 1; z) with a, b > 0 and 0 ≤ z < 1 (Schmittlein,
/// Morrison & Colombo 1987; Fader & Hardie 2005, note 009, eq. 19–20).
///
/// ## Why a transformation first
///
/// On this family the textbook series Σ (a)ₙ(b)ₙ / ((a+1)ₙ n!) zⁿ grows like
/// (1 − z)⁻ᵇ before it converges: for a client with x = 10 000 repeat purchases
/// b = r + x, so the terms pass 10³⁰⁸ long before the tail (lifetimes issue #25,
/// "overflow for frequent buyers"). Euler's transformation
///
///     2F1(a, b; a + 1; z) = (1 − z)^(1 − b) · 2F1(1, a + 1 − b; a + 1; z)
///
/// moves the growth into a factor taken in logarithms, and leaves
///
///     G(β, δ; z) = 2F1(1, β; β + δ; z) = Σₙ (β)ₙ / (β + δ)ₙ · zⁿ,   β = a + 1 − b > 0, δ = b,
///
/// whose terms are positive and fall at every step by the ratio
/// z·(β + n)/(β + δ + n) < z: no overflow, no cancellation, 1 ≤ G ≤ 1/(1 − z).
///
/// ## How G is computed, and how accurate it is
///
/// - **z ≤ 0.95: the series.** Each term comes from the previous one by one
///   multiplication and one division (relative error ≤ 2(n+1)·u after n steps,
///   u = 2⁻⁵³); the sum of positive terms adds at most n·u more. The sum stops
///   at the first n with tₙ·z/(1 − z)·(n + 1) ≤ 10⁻¹⁷·S: the ratios never exceed
///   z, so the tail is below tₙ·z/(1 − z), and the factor n + 1 covers the
///   tails of the derivative series (weights below n + 1, see below). At
///   z = 0.95 that is at most ~ 900 terms, so the relative error of ln G is
///   below about 2·10⁻¹³ in the worst case and a few ulps for the small z of
///   real data (CDNOW: z ≈ 0.1, 15 terms).
/// - **z > 0.95: the Euler integral** G − 1 = (βz/(β+δ)) · G(β + 1, δ; z) and
///   G(β + 1, δ; z) = ∫₀¹ t^β (1−t)^(δ−1) / (1 − zt) dt / B(β + 1, δ), by the
///   tanh-sinh (double-exponential) rule of Takahasi & Mori, in logarithms. The
///   rule's error falls like exp(−c/h) as the step h halves, for an integrand
///   analytic near (0, 1): here the only singularities are the endpoint powers
///   (which the rule is built for) and the pole at t = 1/z, at distance
///   (1 − z)/z beyond the end, which the rule's clustering at the ends resolves.
///   Steps halve from 1/2 until two successive estimates of the integral and of
///   each weighted mean below agree to 10⁻¹⁴ (at most 1/1024); nodes go out
///   until their weight is below 10⁻²⁰ of the largest. 1 − z is passed in
///   separately (computed by the caller without cancellation), so 1 − zt is
///   exact to rounding even at z = 1 − 10⁻¹².
///
/// Both branches are checked against 30-digit values from mpmath over a ≤ 10⁴,
/// b ≤ 10⁴ and z up to 1 − 10⁻⁸ (`Tests/Model/make_reference.py`,
/// `fixtures/model/hypergeometric.csv`): relative error of ln 2F1 below 10⁻¹²,
/// of its partials below 10⁻⁹, except that ∂ ln F/∂z = −(1 − b)/(1 − z) + ∂ ln G/∂z
/// is a difference of two terms of size |1 − b|/(1 − z), so its absolute error is
/// rounding times that (the Pareto/NBD uses ∂ ln G/∂z, which has no such cancellation).
/// The Beta normaliser comes from ``SpecialFunctions/logBeta(_:_:)``, without the
/// eleven digits `lgamma` differences lose at β = 10⁴.
///
/// ## Partial derivatives
///
/// With weights Hβ(n) = Σ_{k<n} 1/(β+k) and Hc(n) = Σ_{k<n} 1/(β+δ+k),
/// ∂ ln G/∂β = Σ tₙ(Hβ(n) − Hc(n)) / G, ∂ ln G/∂δ = −Σ tₙ Hc(n) / G and
/// ∂ ln G/∂z = Σ n tₙ / (z G), summed with the same terms; from the integral,
/// the same partials are weighted means of ln t, ln(1 − t) and t/(1 − zt) less
/// the digammas of the Beta normaliser.
enum Hypergeometric2F1 {
    /// ln 2F1(a, b; a + 1; z) and its partials in (a, b, z), for a, b > 0,
    /// a + 1 > b, 0 ≤ z < 1; `oneMinusZ` is 1 − z, computed by the caller.
    static func logUnitShift(a: Double, b: Double, z: Double, oneMinusZ: Double) -> LogValue {
        guard a > 0, b > 0, a + 1 > b, z >= 0, z <= 1, oneMinusZ > 0 else { return .outsideDomain }
        let g = logG(beta: a + 1 - b, delta: b, z: z, oneMinusZ: oneMinusZ)
        let logOneMinusZ = log(oneMinusZ)
        // ln F = (1 − b) ln(1 − z) + ln G(a + 1 − b, b; z)
        let dBeta = g.partials[0], dDelta = g.partials[1], dZ = g.partials[2]
        return LogValue(value: (1 - b) * logOneMinusZ + g.value,
                        partials: [dBeta, -logOneMinusZ - dBeta + dDelta, -(1 - b) / oneMinusZ + dZ])
    }

    /// ln G(β, δ; z) = ln 2F1(1, β; β + δ; z) and its partials in (β, δ, z).
    ///
    /// `z` may round to 1 when 1 − z is below its last digit: `oneMinusZ`, which
    /// the caller computes as a quotient, carries it. Arguments outside the domain
    /// (β or δ not above 0, 1 − z not above 0, NaN: a line search's trial point
    /// overflowing its parameters) give ``LogValue/outsideDomain``, which the fit
    /// rejects as a step, rather than a trap on the user's data.
    static func logG(beta: Double, delta: Double, z: Double, oneMinusZ: Double) -> LogValue {
        guard beta > 0, delta > 0, z >= 0, z <= 1, oneMinusZ > 0 else { return .outsideDomain }
        if z <= 0.95 { return series(beta: beta, delta: delta, z: z, oneMinusZ: oneMinusZ) }
        // G = 1 + c·G₁ with c = βz/(β+δ) and G₁ = G(β + 1, δ; z) from the integral.
        let g1 = integral(beta: beta + 1, delta: delta, z: z, oneMinusZ: oneMinusZ)
        let c = beta * z / (beta + delta)
        let rest = c * exp(g1.value)          // G − 1, below 1/(1 − z)
        let g = 1 + rest
        let share = rest / g
        return LogValue(value: log1p(rest), partials: [
            share * (1 / beta - 1 / (beta + delta) + g1.partials[0]),
            share * (-1 / (beta + delta) + g1.partials[1]),
            share * (1 / z + g1.partials[2]),
        ])
    }

    /// The Maclaurin series of G with its derivative series (see the type's notes).
    private static func series(beta: Double, delta: Double, z: Double, oneMinusZ: Double) -> LogValue {
        let gamma = beta + delta
        var term = 1.0                  // tₙ
        var termOverZ = beta / gamma    // tₙ / z for n ≥ 1, starting at n = 1 (defined at z = 0)
        var sum = 1.0, sumBeta = 0.0, sumDelta = 0.0, sumZ = 0.0
        var harmonicBeta = 0.0, harmonicGamma = 0.0
        var n = 0
        while n < 100_000 {
            // Step n → n + 1.
            harmonicBeta += 1 / (beta + Double(n))
            harmonicGamma += 1 / (gamma + Double(n))
            let ratio = (beta + Double(n)) / (gamma + Double(n))
            if n > 0 { termOverZ *= ratio * z }
            term *= ratio * z
            n += 1
            sum += term
            sumBeta += term * (harmonicBeta - harmonicGamma)
            sumDelta -= term * harmonicGamma
            sumZ += Double(n) * termOverZ
            if term * z / oneMinusZ * Double(n + 1) <= 1e-17 * sum { break }
        }
        return LogValue(value: log(sum), partials: [sumBeta / sum, sumDelta / sum, sumZ / sum])
    }

    /// G(β, δ; z) for β ≥ 1 by the tanh-sinh rule on its Euler integral, in logarithms.
    private static func integral(beta: Double, delta: Double, z: Double, oneMinusZ: Double) -> LogValue {
        // Node u: t = 1/(1 + e^(−2σ)), σ = (π/2) sinh u; ln t, ln(1 − t) and
        // ln dt/du = ln(π/4) + ln cosh u − 2 ln cosh σ, each without cancellation.
        struct Sums {
            var shift = -Double.infinity
            var weight = 0.0, logT = 0.0, logOneMinusT = 0.0, zPart = 0.0

            mutating func add(_ u: Double, beta: Double, delta: Double, z: Double, oneMinusZ: Double) -> Double {
                let sigma = Double.pi / 2 * sinh(u)
                let logT = -SpecialFunctions.softplus(-2 * sigma)
                let logOneMinusT = -SpecialFunctions.softplus(2 * sigma)
                let logCoshSigma = abs(sigma) + log1p(exp(-2 * abs(sigma))) - M_LN2
                let logJacobian = log(Double.pi / 4) + log(cosh(u)) - 2 * logCoshSigma
                let oneMinusT = exp(logOneMinusT)
                let denominator = oneMinusZ + z * oneMinusT       // 1 − zt
                let f = (beta - 1) * logT + (delta - 1) * logOneMinusT - log(denominator) + logJacobian
                if f > shift {
                    let scale = exp(shift - f)
                    weight *= scale; self.logT *= scale; self.logOneMinusT *= scale; zPart *= scale
                    shift = f
                }
                let w = exp(f - shift)
                weight += w
                self.logT += w * logT
                self.logOneMinusT += w * logOneMinusT
                zPart += w * exp(logT) / denominator
                return f
            }

            var means: (Double, Double, Double) { (logT / weight, logOneMinusT / weight, zPart / weight) }
        }
        var sums = Sums()
        // Level 0, step 1/2: out from 0 in both directions until the weights are negligible.
        _ = sums.add(0, beta: beta, delta: delta, z: z, oneMinusZ: oneMinusZ)
        var reach = 0.0
        for direction in [-1.0, 1.0] {
            var k = 1.0
            while k * 0.5 <= 40 {
                let f = sums.add(direction * k * 0.5, beta: beta, delta: delta, z: z, oneMinusZ: oneMinusZ)
                if f < sums.shift - 46 { break }                  // e^−46 ≈ 10⁻²⁰
                k += 1
            }
            reach = max(reach, k * 0.5)
        }
        var h = 0.5
        var estimate = log(sums.weight * h) + sums.shift
        var means = sums.means
        for _ in 0..<10 {
            h /= 2
            var u = h
            while u <= reach {
                _ = sums.add(u, beta: beta, delta: delta, z: z, oneMinusZ: oneMinusZ)
                _ = sums.add(-u, beta: beta, delta: delta, z: z, oneMinusZ: oneMinusZ)
                u += 2 * h
            }
            let next = log(sums.weight * h) + sums.shift
            let nextMeans = sums.means
            let settled = abs(next - estimate) <= 1e-14 * max(1, abs(next))
                && abs(nextMeans.0 - means.0) <= 1e-14 * (1 + abs(nextMeans.0))
                && abs(nextMeans.1 - means.1) <= 1e-14 * (1 + abs(nextMeans.1))
                && abs(nextMeans.2 - means.2) <= 1e-14 * (1 + abs(nextMeans.2))
            estimate = next
            means = nextMeans
            if settled { break }
        }
        let logBeta = SpecialFunctions.logBeta(beta, delta)
        let psiSum = SpecialFunctions.digamma(beta + delta)
        return LogValue(value: estimate - logBeta, partials: [
            means.0 - SpecialFunctions.digamma(beta) + psiSum,
            means.1 - SpecialFunctions.digamma(delta) + psiSum,
            means.2,
        ])
    }
}
