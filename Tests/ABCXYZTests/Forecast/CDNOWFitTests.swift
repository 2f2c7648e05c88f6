import ABCXYZ
import Foundation
import Testing

/// The published fits of the CDNOW 2 357-client sample (Fader, Hardie & Lee
/// 2005; Fader & Hardie 2013), calibration 1997-01-01 to 1997-09-30, in weeks.
@Suite struct CDNOWFitTests {
    static let summary: ModelSummary = {
        var options = ModelOptions()
        options.asOf = Day(iso: "1997-09-30")
        options.occasions = .transactionDays
        let table = try! TransactionTable(contentsOfFile: fixtures.appendingPathComponent("cdnow/cdnow_sample.csv").path)
        return try! table.modelSummary(options, threads: 2)
    }()

    /// `value` printed to the published number of decimals equals `published`.
    func expectPublished(_ value: Double, _ published: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let decimals = published.split(separator: ".").last.map(\.count) ?? 0
        #expect(String(format: "%.\(decimals)f", value) == published, sourceLocation: sourceLocation)
    }

    @Test func summaryCountsThePublishedClientsAndRepeatBuyers() {
        #expect(Self.summary.clientCount == 2357)
        #expect(Self.summary.repeaters == 946)
        #expect(Self.summary.spend.reduce(0) { $0 + $1.count } == 946)
        // Client 1 (Hardie's summary: x = 2, t_x = 30.43, T = 38.86, zbar = 22.35): first
        // purchase 1997-01-01, repeats 1997-01-18 ($29.73) and 1997-08-02 ($14.96).
        let first = Self.summary.clients.first { $0.client == "1" }!
        #expect(first.x == 2)
        #expect(first.tx == 213.0 / 7 && first.T == 272.0 / 7)
        #expect(abs(first.mx! - (29.73 + 14.96) / 2) < 1e-12)
    }

    @Test func bgnbdGivesThePublishedParameters() throws {
        let fit = try BGNBD.fit(Self.summary.groups)
        #expect(fit.converged)
        expectPublished(fit.parameters.r, "0.243")
        expectPublished(fit.parameters.alpha, "4.414")
        expectPublished(fit.parameters.a, "0.793")
        expectPublished(fit.parameters.b, "2.426")
        expectPublished(fit.logLikelihood, "-9582.4")
    }

    @Test func paretoNBDGivesThePublishedParameters() throws {
        let fit = try ParetoNBD.fit(Self.summary.groups)
        #expect(fit.converged)
        expectPublished(fit.parameters.r, "0.553")
        expectPublished(fit.parameters.alpha, "10.578")
        expectPublished(fit.parameters.s, "0.606")
        expectPublished(fit.parameters.beta, "11.669")
        expectPublished(fit.logLikelihood, "-9595.0")
    }

    @Test func gammaGammaGivesThePublishedParameters() throws {
        let fit = try GammaGamma.fit(Self.summary.spend)
        #expect(fit.converged)
        expectPublished(fit.parameters.p, "6.25")
        expectPublished(fit.parameters.q, "3.74")
        expectPublished(fit.parameters.gamma, "15.44")
    }
}
