import ABCXYZ
import Foundation
import Testing

/// The model run inside the analysis (SPEC §14): the summary the classifier's
/// pass tallies, the fits on any number of threads, and what it leaves alone.
@Suite struct ModelForecastTests {
    static let cdnow = try! TransactionTable(contentsOfFile: fixtures.appendingPathComponent("cdnow/cdnow_sample.csv").path)

    static func analysis(_ occasions: ModelOccasions, threads: Int = 2) throws -> Analysis {
        var options = AnalysisOptions()
        options.asOf = Day(iso: "1997-09-30")
        var model = ModelOptions()
        model.occasions = occasions
        return try cdnow.analyze(options, model: model, threads: threads)
    }

    @Test(arguments: ModelOccasions.allCases)
    func theSummaryTalliedInThePassIsTheSummaryOfItsOwnWalk(occasions: ModelOccasions) throws {
        let model = try #require(try Self.analysis(occasions).model)
        var options = ModelOptions()
        options.asOf = Day(iso: "1997-09-30")
        options.occasions = occasions
        let walked = try Self.cdnow.modelSummary(options, threads: 2)   // ModelSummary's own day walk
        #expect(model.summary.clients == walked.clients)
        #expect(model.summary.groups == walked.groups)
        #expect(model.summary.spend == walked.spend)
        #expect(model.summary.clientCount == (occasions == .transactionDays ? 2357 : 2349))
    }

    @Test func theModelLeavesEveryClassificationAsItWas() throws {
        var options = AnalysisOptions()
        options.asOf = Day(iso: "1997-09-30")
        let plain = try Self.cdnow.analyze(options, threads: 2)
        let modelled = try Self.analysis(.transactionDays)
        #expect(plain.model == nil)
        #expect(Array(plain.clients) == Array(modelled.clients))
        #expect(Array(plain.winBackList) == Array(modelled.winBackList))
        #expect(modelled.model?.clients.count == modelled.clients.count)
    }

    @Test func forecastsDoNotDependOnTheNumberOfThreads() throws {
        let one = try #require(try Self.analysis(.transactionDays, threads: 1).model)
        let three = try #require(try Self.analysis(.transactionDays, threads: 3).model)
        #expect(one.purchases.parameters.map(\.value) == three.purchases.parameters.map(\.value))
        #expect(one.spend == three.spend)
        #expect(one.clients == three.clients)
    }

    @Test func fitsOverManyChunksAreTheSameOnAnyNumberOfThreads() throws {
        // 10 300 distinct groups (more than one chunk of 8 192): the CDNOW groups, T moved by k/1000 week.
        var options = ModelOptions()
        options.asOf = Day(iso: "1997-09-30")
        options.occasions = .transactionDays
        let summary = try Self.cdnow.modelSummary(options, threads: 2)
        let groups = (0..<10).flatMap { k in
            summary.groups.map { FrequencyRecency(x: $0.x, tx: $0.tx, T: $0.T + Double(k) / 1000, count: $0.count) }
        }
        #expect(groups.count > 8_192)
        let single = try BGNBD.fit(groups, threads: 1), parallel = try BGNBD.fit(groups, threads: 4)
        #expect(single == parallel)
        // The same clients ten times over: still the published fit to three decimals.
        #expect(String(format: "%.3f", single.parameters.r) == "0.243")
        // Pareto/NBD too (sampled warm start, chunked sums): the same on any threads, and near the
        // published r 0.553, α 10.578, s 0.606 (T moved by up to 0.009 week moves s in its third
        // decimal; β is weakly identified).
        let pareto = try ParetoNBD.fit(groups, threads: 1)
        #expect(pareto == (try ParetoNBD.fit(groups, threads: 3)))
        #expect(String(format: "%.3f %.3f %.2f", pareto.parameters.r, pareto.parameters.alpha, pareto.parameters.s)
            == "0.553 10.578 0.61")
        let spend = (0..<11).flatMap { k in   // 760 distinct (x, m_x), 11 times: 8 360
            summary.spend.map { SpendObservation(x: $0.x, mx: $0.mx + Double(k) / 1000, count: $0.count) }
        }
        #expect(spend.count > 8_192)
        #expect(try GammaGamma.fit(spend, threads: 1) == GammaGamma.fit(spend, threads: 4))
    }
}
