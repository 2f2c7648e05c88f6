import ABCXYZ
import Testing

/// A fit that cannot give parameters says why, and never returns NaN.
@Suite struct ModelFitFailureTests {
    @Test func noRepeatBuyersIsAReasonNotANaN() {
        let groups = [FrequencyRecency(x: 0, tx: 0, T: 10, count: 5)]
        #expect(throws: ModelFitError(model: "BG/NBD", reason: .noRepeatBuyers)) { try BGNBD.fit(groups) }
        #expect(throws: ModelFitError(model: "Pareto/NBD", reason: .noRepeatBuyers)) { try ParetoNBD.fit(groups) }
        #expect(throws: ModelFitError(model: "Gamma-Gamma", reason: .noRepeatBuyers)) { try GammaGamma.fit([]) }
    }

    @Test func noClientsAndNoHistoryAreReasons() {
        #expect(throws: ModelFitError(model: "BG/NBD", reason: .noClients)) { try BGNBD.fit([]) }
        let sameDay = [FrequencyRecency(x: 1, tx: 0, T: 0, count: 2)]
        #expect(throws: ModelFitError(model: "BG/NBD", reason: .noHistory)) { try BGNBD.fit(sameDay) }
    }

    /// Every client bought every week of its whole history: nobody ever drops out, so
    /// the BG/NBD's dropout odds a/(a+b) run to 0 (b to infinity) and the fit says so.
    @Test func aParameterTheDataCannotPinDownIsNamed() {
        let groups = (1...30).map { FrequencyRecency(x: $0, tx: Double($0), T: Double($0), count: 10) }
        do {
            let fit = try BGNBD.fit(groups)
            Issue.record("expected a diverged parameter, got \(fit)")
        } catch {
            guard case let .parameterDiverged(name, towardZero) = error.reason else {
                Issue.record("unexpected reason \(error)")
                return
            }
            #expect((name == "b" && !towardZero) || (name == "a" && towardZero), "\(error)")
            #expect(error.description.contains("parameter \(name) runs off to"))
        }
    }
}
