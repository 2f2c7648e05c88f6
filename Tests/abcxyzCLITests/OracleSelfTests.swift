import Foundation
import Testing

/// The oracles are the suite's reference, so they are checked themselves: each
/// against values worked out by hand and the examples' published outputs
/// (spec_oracle.py), and against hand-worked P(alive), an AUC with ties and the
/// Gauss hypergeometric function at known values (backtest_oracle.py).
@Suite("The independent oracles pass their own checks",
       .enabled(if: Python.available, "skipped: python3 not found"))
struct OracleSelfTests {
    @Test("spec_oracle.py selftest: the worked examples and the hand-worked §13 case")
    func specOracle() throws {
        let run = try Python.run([repositoryRoot.appendingPathComponent("Tests/Oracle/spec_oracle.py").path,
                                  "selftest"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("the hand-worked §13 case agrees"))
    }

    @Test("backtest_oracle.py --selftest: P(alive), expectations, AUC and 2F1 by hand")
    func backtestOracle() throws {
        let run = try Python.run([repositoryRoot.appendingPathComponent("Tests/Oracle/backtest_oracle.py").path,
                                  "--selftest"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("checks agree"))
        #expect(!run.standardOutput.contains("failed"))
    }
}
