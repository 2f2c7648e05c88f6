@testable import ABCXYZ
import Foundation
import Testing

/// The model's numerics against 40-digit mpmath values (`Tests/Model/make_reference.py`,
/// committed as `fixtures/model/*.csv`): published formulas as printed, untransformed,
/// over x up to 10 000, T and t_x up to 10 000 weeks, a + b < 1, a = 1, α ≠ β, α = β, s = 1.
@Suite struct ModelNumericsTests {
    /// The rows of a reference file as dictionaries of numbers.
    static func reference(_ name: String) throws -> [[String: Double]] {
        let lines = try fixture("model/\(name)").split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",").map { Double(String($0))! }
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// |value − reference| ≤ tolerance · max(1, |reference|), and value finite.
    static func close(_ value: Double, _ reference: Double, _ tolerance: Double) -> Bool {
        value.isFinite && abs(value - reference) <= tolerance * max(1, abs(reference))
    }

    /// A Pareto/NBD trial point with β far below α makes z = (α − β)/(α + t) round to 1 while
    /// 1 − z = (β + t)/(α + t) is still a number: G must use the latter, and there it is
    /// Gauss's 2F1(1, β; β + δ; 1) = (β + δ − 1)/(δ − 1) (for δ > 1), here (2 + 3 − 1)/(3 − 1) = 2.
    /// Before, z = 1 trapped (`fixtures/example` with --occasions transaction-days at 2025-01-31).
    @Test func hypergeometricAtZRoundedToOneUsesOneMinusZ() {
        let g = Hypergeometric2F1.logG(beta: 2, delta: 3, z: 1, oneMinusZ: 1e-20)
        #expect(abs(g.value - log(2.0)) <= 1e-12, "\(g.value)")
        #expect(Hypergeometric2F1.logG(beta: 2, delta: 3, z: 1, oneMinusZ: 0).value.isNaN)
        #expect(Hypergeometric2F1.logG(beta: .nan, delta: 3, z: 0.5, oneMinusZ: 0.5).value.isNaN)
    }

    @Test func hypergeometricMatchesMpmathOnEveryBranch() throws {
        for row in try Self.reference("hypergeometric.csv") {
            let (a, b, z) = (row["a"]!, row["b"]!, row["z"]!)
            let f = Hypergeometric2F1.logUnitShift(a: a, b: b, z: z, oneMinusZ: 1 - z)
            // ∂/∂z of ln F = (1 − b) ln(1 − z) + ln G is the difference of two terms of
            // size |1 − b|/(1 − z): its error is rounding times that, not times the result.
            let zScale = abs(1 - b) / (1 - z) * 1e-15
            for (value, key, tolerance) in [(f.value, "log_2f1", 1e-12), (f.partials[0], "d_a", 1e-9),
                                            (f.partials[1], "d_b", 1e-9), (f.partials[2], "d_z", 1e-9)] {
                let expected = row[key]!
                let slack = key == "d_z" ? zScale : 0
                #expect(value.isFinite && abs(value - expected) <= tolerance * max(1, abs(expected)) + slack,
                        "\(key) at a=\(a) b=\(b) z=\(z): \(value) vs \(expected)")
            }
        }
    }

    @Test func bgnbdLikelihoodAliveAndExpectedPurchasesMatchMpmath() throws {
        for row in try Self.reference("bgnbd.csv") {
            let model = BGNBD(r: row["r"]!, alpha: row["alpha"]!, a: row["a"]!, b: row["b"]!)
            let (x, tx, T, t) = (Int(row["x"]!), row["t_x"]!, row["T"]!, row["t"]!)
            let where_ = "\(model) x=\(x) t_x=\(tx) T=\(T) t=\(t)"
            #expect(Self.close(model.logLikelihood(x: x, tx: tx, T: T), row["log_likelihood"]!, 1e-12), "\(where_)")
            #expect(Self.close(model.probabilityAlive(x: x, tx: tx, T: T), row["p_alive"]!, 1e-12), "\(where_)")
            let expected = model.expectedPurchases(within: t, x: x, tx: tx, T: T)
            #expect(Self.close(expected, row["expected_purchases"]!, 1e-11),
                    "\(where_): \(expected) vs \(row["expected_purchases"]!)")
        }
    }

    /// lifetimes issues #302/#442: x = 0 with a + b < 1 makes a + b + x − 1 negative,
    /// and lifetimes returns NaN (the log of a negative 2F1). Here a finite, positive
    /// value equal to mpmath's: 1.1028373132604247765 for t = 52.142857…, T = 0.
    @Test func bgnbdExpectedPurchasesStayFiniteForNoRepeatsAndASumOfShapesBelowOne() {
        let model = BGNBD(r: 0.11, alpha: 2.24, a: 0.31, b: 0.5)
        let value = model.expectedPurchases(within: 365.0 / 7, x: 0, tx: 0, T: 0)
        #expect(abs(value - 1.1028373132604247765) <= 1e-12)
        let issueCase = model.expectedPurchases(within: 30, x: 0, tx: 0, T: 1)   // the issue's own numbers
        #expect(issueCase.isFinite && issueCase > 0)
    }

    @Test func paretoNBDLikelihoodAliveAndExpectedPurchasesMatchMpmath() throws {
        for row in try Self.reference("pareto_nbd.csv") {
            let model = ParetoNBD(r: row["r"]!, alpha: row["alpha"]!, s: row["s"]!, beta: row["beta"]!)
            let (x, tx, T, t) = (Int(row["x"]!), row["t_x"]!, row["T"]!, row["t"]!)
            let where_ = "\(model) x=\(x) t_x=\(tx) T=\(T) t=\(t)"
            let ll = model.logLikelihood(x: x, tx: tx, T: T)
            #expect(Self.close(ll, row["log_likelihood"]!, 1e-12), "\(where_): \(ll) vs \(row["log_likelihood"]!)")
            let alive = model.probabilityAlive(x: x, tx: tx, T: T)
            #expect(Self.close(alive, row["p_alive"]!, 1e-11), "\(where_): \(alive) vs \(row["p_alive"]!)")
            let expected = model.expectedPurchases(within: t, x: x, tx: tx, T: T)
            #expect(Self.close(expected, row["expected_purchases"]!, 1e-11),
                    "\(where_): \(expected) vs \(row["expected_purchases"]!)")
        }
    }

    @Test func gammaGammaLikelihoodAndSpendMatchMpmath() throws {
        for row in try Self.reference("gamma_gamma.csv") {
            let model = GammaGamma(p: row["p"]!, q: row["q"]!, gamma: row["gamma"]!)
            let (x, mx) = (Int(row["x"]!), row["m_x"]!)
            // ln Γ(px + q) − ln Γ(px) at px = 10⁶ cancels 1.3·10⁷ down to ~10: rounding of
            // those terms (ulp 2·10⁻⁹) is the limit of any double implementation.
            let px = model.p * Double(x) + model.q
            let slack = 4e-16 * px * log(px)
            #expect(abs(model.logLikelihood(x: x, mx: mx) - row["log_likelihood"]!)
                    <= 1e-12 * max(1, abs(row["log_likelihood"]!)) + slack)
            #expect(Self.close(model.expectedSpend(x: x, mx: mx)!, row["expected_spend"]!, 1e-13))
        }
    }

    /// The analytic gradients against central differences of the log-likelihood.
    @Test func gradientsAgreeWithFiniteDifferences() {
        func check(_ parameters: [Double], _ histories: [(Int, Double, Double)],
                   _ evaluate: ([Double], Int, Double, Double) -> (Double, [Double])) {
            for (x, tx, T) in histories {
                let analytic = evaluate(parameters, x, tx, T).1
                for i in parameters.indices {
                    let h = 1e-6 * parameters[i]
                    var up = parameters, down = parameters
                    up[i] += h
                    down[i] -= h
                    let numeric = (evaluate(up, x, tx, T).0 - evaluate(down, x, tx, T).0) / (2 * h)
                    #expect(abs(analytic[i] - numeric) <= 1e-5 * max(1, abs(numeric)),
                            "parameter \(i) at \(parameters) x=\(x) t_x=\(tx) T=\(T): \(analytic[i]) vs \(numeric)")
                }
            }
        }
        let histories = [(0, 0.0, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (200, 150.0, 300.0), (3, 0.5, 0.6)]
        for p in [[0.243, 4.414, 0.793, 2.426], [0.11, 2.24, 0.31, 0.5], [2.0, 0.5, 1.0, 3.0]] {
            check(p, histories) { p, x, tx, T in
                BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]).logLikelihoodAndGradient(x: x, tx: tx, T: T)
            }
        }
        for p in [[0.553, 10.578, 0.606, 11.669], [0.553, 11.669, 0.606, 10.578], [0.5, 10.0, 0.8, 10.0],
                  [0.3, 0.01, 2.0, 100.0], [0.3, 1000.0, 0.2, 0.01]] {
            check(p, histories) { p, x, tx, T in
                let e = ParetoNBD(r: p[0], alpha: p[1], s: p[2], beta: p[3]).evaluate(x: x, tx: tx, T: T)
                return (e.logLikelihood, e.gradient)
            }
        }
        for p in [[6.25, 3.74, 15.44], [0.5, 1.5, 0.01]] {
            check(p, [(1, 11.77, 0), (2, 22.345, 0), (40, 3.5, 0)]) { p, x, mx, _ in
                GammaGamma(p: p[0], q: p[1], gamma: p[2]).logLikelihoodAndGradient(x: x, mx: mx)
            }
        }
    }
}
