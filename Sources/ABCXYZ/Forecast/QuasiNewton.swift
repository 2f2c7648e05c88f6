/// BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Alg. 6.1) with a
/// line search that meets the strong Wolfe conditions (Alg. 3.5 and 3.6), for
/// the few (3–4) log-parameters of a purchase model: a dense inverse Hessian
/// is cheaper than anything cleverer at this size.
///
/// The objective may return `nil` (or a non-finite value) where it cannot be
/// evaluated; the line search treats that as +∞ and shortens the step, so an
/// overflow far from the optimum never ends a fit.
struct QuasiNewton: Sendable {
    /// Converged when every gradient component is at most this (the objectives
    /// are mean negative log-likelihoods per client, of order 1).
    var gradientTolerance = 1e-9
    /// When the line search can no longer decrease the objective (rounding),
    /// a gradient this small still counts as converged.
    var precisionLimitTolerance = 1e-6
    var maximumIterations = 1000
    /// The largest change of any log-parameter in one step (e^20 ≈ 5·10⁸).
    var maximumStep = 20.0

    struct Result: Sendable {
        var point: [Double]
        var value: Double
        var gradient: [Double]
        var iterations: Int
        var converged: Bool
    }

    /// The value and gradient of the objective at a point, or `nil` where it has none.
    typealias Objective = ([Double]) -> (value: Double, gradient: [Double])?

    func minimize(_ objective: Objective, from start: [Double]) -> Result? {
        let n = start.count
        guard let first = Self.evaluate(objective, start) else { return nil }
        var x = start, f = first.value, g = first.gradient
        var inverseHessian = Self.identity(n)
        var scaled = false
        var iteration = 0
        var resets = 0
        while iteration < maximumIterations {
            if Self.maxNorm(g) <= gradientTolerance {
                return Result(point: x, value: f, gradient: g, iterations: iteration, converged: true)
            }
            var direction = Self.times(inverseHessian, g).map { -$0 }
            var slope = Self.dot(direction, g)
            if !(slope < 0) {       // not a descent direction: start again from steepest descent
                inverseHessian = Self.identity(n)
                direction = g.map { -$0 }
                slope = Self.dot(direction, g)
            }
            let longest = Self.maxNorm(direction)
            let stepLimit = maximumStep / longest
            let initial = iteration == 0 && !scaled ? min(1, 1 / longest) : min(1, stepLimit)
            guard let step = lineSearch(objective, x: x, value: f, slope: slope, direction: direction,
                                        initial: initial, limit: stepLimit)
            else {
                if Self.maxNorm(g) <= precisionLimitTolerance {
                    return Result(point: x, value: f, gradient: g, iterations: iteration, converged: true)
                }
                if resets < 2 {     // a stale curvature model: forget it once or twice
                    resets += 1
                    inverseHessian = Self.identity(n)
                    scaled = false
                    continue
                }
                return Result(point: x, value: f, gradient: g, iterations: iteration, converged: false)
            }
            iteration += 1
            let s = (0..<n).map { step.point[$0] - x[$0] }
            let y = (0..<n).map { step.gradient[$0] - g[$0] }
            x = step.point
            f = step.value
            g = step.gradient
            let sy = Self.dot(s, y)
            guard sy > 1e-12 * (Self.dot(s, s).squareRoot() * Self.dot(y, y).squareRoot()) else { continue }
            if !scaled {            // N&W (6.20): scale the first guess before the first update
                let factor = sy / Self.dot(y, y)
                inverseHessian = Self.identity(n).map { $0.map { $0 * factor } }
                scaled = true
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1 / sy
            let hy = Self.times(inverseHessian, y)
            let yhy = Self.dot(y, hy)
            for i in 0..<n {
                for j in 0..<n {
                    inverseHessian[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                }
            }
        }
        return Result(point: x, value: f, gradient: g, iterations: iteration,
                      converged: Self.maxNorm(g) <= gradientTolerance)
    }

    private struct Step {
        var alpha: Double
        var point: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    /// A step length meeting the strong Wolfe conditions with c₁ = 10⁻⁴, c₂ = 0.9, or `nil`.
    private func lineSearch(_ objective: Objective, x: [Double], value f0: Double, slope d0: Double,
                            direction: [Double], initial: Double, limit: Double) -> Step? {
        let c1 = 1e-4, c2 = 0.9
        func trial(_ alpha: Double) -> Step {
            let point = (0..<x.count).map { x[$0] + alpha * direction[$0] }
            guard let result = Self.evaluate(objective, point) else {
                return Step(alpha: alpha, point: point, value: .infinity, gradient: [], slope: .nan)
            }
            return Step(alpha: alpha, point: point, value: result.value, gradient: result.gradient,
                        slope: Self.dot(result.gradient, direction))
        }
        func sufficient(_ step: Step) -> Bool { step.value <= f0 + c1 * step.alpha * d0 }
        func curvature(_ step: Step) -> Bool { abs(step.slope) <= -c2 * d0 }

        func zoom(_ lowStart: Step, _ highStart: Step) -> Step? {
            var low = lowStart, high = highStart
            for _ in 0..<60 {
                let width = high.alpha - low.alpha
                if abs(width) <= 1e-16 * max(1, abs(low.alpha)) { break }
                // Minimum of the quadratic through φ(low), φ'(low), φ(high), kept inside the interval.
                var alpha = low.alpha + width / 2
                if high.value.isFinite {
                    let denominator = 2 * (high.value - low.value - low.slope * width)
                    if denominator > 0 {
                        alpha = low.alpha - low.slope * width * width / denominator
                    }
                }
                let lo = min(low.alpha, high.alpha) + 0.1 * abs(width)
                let hi = max(low.alpha, high.alpha) - 0.1 * abs(width)
                alpha = min(max(alpha, lo), hi)
                let step = trial(alpha)
                if !sufficient(step) || step.value >= low.value {
                    high = step
                } else {
                    if curvature(step) { return step }
                    if step.slope * (high.alpha - low.alpha) >= 0 { high = low }
                    low = step
                }
            }
            // The interval shrank to rounding: accept a step that decreased the objective.
            return low.alpha > 0 && low.value < f0 ? low : nil
        }

        let origin = Step(alpha: 0, point: x, value: f0, gradient: [], slope: d0)
        var previous = origin
        var alpha = min(initial, limit)
        for i in 0..<40 {
            let step = trial(alpha)
            if !sufficient(step) || (i > 0 && step.value >= previous.value) { return zoom(previous, step) }
            if curvature(step) { return step }
            if step.slope >= 0 { return zoom(step, previous) }
            previous = step
            if alpha >= limit { return step }
            alpha = min(2 * alpha, limit)
        }
        return previous.alpha > 0 ? previous : nil
    }

    private static func evaluate(_ objective: Objective, _ point: [Double]) -> (value: Double, gradient: [Double])? {
        guard let result = objective(point), result.value.isFinite, result.gradient.allSatisfy(\.isFinite)
        else { return nil }
        return result
    }

    private static func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }

    private static func times(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { dot($0, vector) }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in a.indices { total += a[i] * b[i] }
        return total
    }

    private static func maxNorm(_ v: [Double]) -> Double {
        v.reduce(0) { max($0, abs($1)) }
    }
}
