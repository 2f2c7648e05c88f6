import ABCXYZ
import Testing

@Suite("The README's library example does what the README says")
struct ReadmeExampleTests {
    @Test("Win-back list with a 35 % margin, and the in-memory table")
    func libraryExample() throws {
        let table = try BundledExample.table()
        var options = AnalysisOptions()
        options.margin = 0.35
        let analysis = try table.analyze(options)
        var lines: [String] = []
        for entry in analysis.winBackList.prefix(3) {
            let client = entry.result
            lines.append("\(entry.rank) \(client.client) \(entry.tier) \(client.status) \(client.ltvLoss.formatted(scale: table.scale))")
        }
        #expect(lines == ["1 Bolt 1 lost 3815.00", "2 Hal 1 at-risk 2625.00", "3 Dan 2 lost 1750.00"])
        var csv = ByteArraySink()
        try analysis.write(.clients, as: .csv, to: &csv)
        #expect(csv.text.hasPrefix("client,revenue,share,abc,cv,xyz,purchases,"))

        let memory = TransactionTable([
            Transaction(client: "ACME", date: Day(year: 2025, month: 6, day: 1)!, amount: Money(minorUnits: 125_000)),
        ])
        #expect(try memory.analyze().clients.first?.revenue == Money(minorUnits: 125_000))
    }
}
