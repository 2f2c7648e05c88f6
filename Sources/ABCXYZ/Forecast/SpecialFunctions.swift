#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The gamma-function family the likelihoods are made of: log Γ and its
/// derivative ψ (digamma), for positive arguments only (every argument of the
/// models is a positive parameter plus a count).
enum SpecialFunctions {
    /// ln Γ(x) for x > 0, through the C library's reentrant `lgamma_r` (the plain
    /// `lgamma` writes the global `signgam`, a data race when fits run in parallel).
    /// Absolute error a few ulps of the result.
    @inline(__always)
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0, without the
    /// cancellation of the three-term sum when one argument is large: B(10⁴, 1.6)
    /// from `lgamma` alone loses 11 digits (ln Γ(10⁴) ≈ 82 099, ulp 1.5·10⁻¹¹).
    ///
    /// With m = max(a, b) ≥ 30 and n = min(a, b), ln Γ(m + n) − ln Γ(m) is taken
    /// from Stirling's series as (m − ½)·log1p(n/m) + n·ln(m + n) − n + ω(m + n) − ω(m),
    /// ω(y) = 1/(12y) − 1/(360y³) + 1/(1260y⁵) − 1/(1680y⁷), whose first omitted
    /// term 1/(1188 y⁹) is below 4·10⁻¹⁷ for y ≥ 30. Below 30 the three `lgamma`
    /// values are under 75, so their sum is good to ~10⁻¹⁴ absolute.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let m = max(a, b), n = min(a, b)
        guard m >= 30 else { return logGamma(a) + logGamma(b) - logGamma(a + b) }
        func omega(_ y: Double) -> Double {
            let f = 1 / (y * y)
            return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f * (1.0 / 1680)))) / y
        }
        let ratio = (m - 0.5) * log1p(n / m) + n * log(m + n) - n + (omega(m + n) - omega(m))
        return logGamma(n) - ratio
    }

    /// ψ(x) = d/dx ln Γ(x) for x > 0.
    ///
    /// Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
    /// ln x − 1/(2x) − Σ B₂ₖ / (2k x²ᵏ) through B₁₄; the first term left out,
    /// B₁₆ / (16 x¹⁶) < 5·10⁻¹⁷ at x = 10, is below an ulp of ψ(10) ≈ 2.25, so the
    /// error is rounding only: a few ulps, plus the cancellation of the
    /// recurrence when x is close to ψ's root 1.4616… (absolute error ~ 1e-16).
    static func digamma(_ x: Double) -> Double {
        precondition(x > 0, "digamma is used for positive arguments only")
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        // B₂/2, B₄/4, …, B₁₄/14: 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12.
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132
            - f * (691.0 / 32760 - f * (1.0 / 12)))))))
        return result + log(x) - 0.5 / x - series
    }

    /// (1 − e^(−u)) / u, with its limit 1 at u = 0: the factor that keeps
    /// `(1 − e^(−(a−1)L)) / (a − 1)` exact as a → 1 (BG/NBD) and s → 1 (Pareto/NBD).
    @inline(__always)
    static func oneMinusExpOver(_ u: Double) -> Double {
        u == 0 ? 1 : -expm1(-u) / u
    }

    /// ln(1 + e^y) without overflow or loss for large |y|.
    @inline(__always)
    static func softplus(_ y: Double) -> Double {
        max(y, 0) + log1p(exp(-abs(y)))
    }
}
