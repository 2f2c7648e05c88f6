import ABCXYZ
import Foundation
import Testing

@Suite("The worked example of SPEC §12")
struct WorkedExampleTests {
    @Test("classify and winback CSV equal the example's expected files byte for byte")
    func goldenOutputs() throws {
        let table = try TransactionTable(contentsOfFile: fixtures.appendingPathComponent("example/transactions.csv").path)
        let analysis = try table.analyze()
        #expect(analysis.text(.clients, as: .csv) == (try fixture("example/classify.csv")))
        #expect(analysis.text(.winBack, as: .csv) == (try fixture("example/winback.csv")))
    }

    @Test("With ABC by window revenue and XYZ by monthly revenue the outputs equal classic/ byte for byte")
    func classicGoldenOutputs() throws {
        var options = AnalysisOptions()
        options.abcMeasure = .revenue
        options.xyzMeasure = .revenue
        let analysis = try BundledExample.table().analyze(options)
        #expect(analysis.text(.clients, as: .csv) == (try fixture("example/classic/classify.csv")))
        #expect(analysis.text(.winBack, as: .csv) == (try fixture("example/classic/winback.csv")))
    }

    @Test("The report figures of the example that the engine owns")
    func reportFigures() throws {
        let analysis = try BundledExample.table().analyze()
        #expect(analysis.asOf == day("2025-06-30"))
        #expect(analysis.summary.rowsRead == 84 && analysis.summary.accepted == 84 && analysis.summary.rejected == 0)
        #expect(analysis.summary.clientsWithPurchases == 13 && analysis.summary.clientsWithoutPurchases == 1)
        #expect(analysis.populationCycleDays == 31)
        let totalLoss = analysis.clients.reduce(Money.zero) { $0 + $1.ltvLoss }
        #expect(totalLoss == Money(minorUnits: 2_947_200))
        func cell(_ abc: ABCClass, _ xyz: XYZClass) -> (Int, Money) {
            let members = analysis.clients.filter { $0.abc == abc && $0.xyz == xyz }
            return (members.count, members.reduce(Money.zero) { $0 + $1.revenue })
        }
        // Hal (91-day rhythm, 2000 each time) is X by rate; Old (gone two years) is B by annual value.
        #expect(cell(.a, .x) == (2, Money(minorUnits: 1_775_000)))
        #expect(cell(.b, .z) == (2, Money(minorUnits: 75_000)))
        #expect(cell(.c, .z) == (4, Money(minorUnits: 137_597)))
        #expect(cell(.b, .y).0 == 0 && cell(.c, .y).0 == 0)
        // T: the sum of annual values, 42 477.97; window revenue of the positive ones, 33 777.97.
        #expect(analysis.abcTotal == Money(minorUnits: 4_247_797))
        #expect(analysis.totalRevenue == Money(minorUnits: 3_377_797))
        // Z: Gus and Cara erratic; Dan, Old, Eve, Ольга, Ray with fewer than 4 purchase days.
        let z = analysis.clients.filter { $0.xyz == .z }
        #expect(z.filter { $0.cv != nil }.map(\.client) == ["Gus", "Cara"])
        #expect(z.filter { $0.cv == nil }.map(\.client) == ["Dan", "Old", "Eve", "Ольга", "Ray"])
    }

    @Test("The bundled example is the fixture, byte for byte")
    func bundledExampleIsTheFixture() throws {
        #expect(BundledExample.csv == (try fixture("example/transactions.csv")))
    }

    @Test("JSON carries the same keys and values as the CSV")
    func jsonMatchesCSV() throws {
        let analysis = try BundledExample.table().analyze()
        let json = try JSONSerialization.jsonObject(with: Data(analysis.text(.clients, as: .json).utf8))
        let objects = try #require(json as? [[String: Any]])
        #expect(objects.count == 13)
        let bolt = try #require(objects.first { $0["client"] as? String == "Bolt" })
        #expect(bolt["ltv_loss"] as? Double == 10900)
        #expect(bolt["cv"] as? Double == 0.191230)
        #expect(bolt["tier"] as? Int == 1)
        let dan = try #require(objects.first { $0["client"] as? String == "Dan" })
        #expect(dan["cv"] is NSNull && dan["first_purchase"] as? String == "2025-02-01")
        let header = try fixture("example/classify.csv").split(separator: "\n")[0].split(separator: ",").map(String.init)
        #expect(Set(bolt.keys) == Set(header))
    }
}
