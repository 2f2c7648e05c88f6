import ABCXYZ
import Testing

@Suite("abcxyz generate: synthetic exports")
struct SyntheticSalesTests {
    func generate(rows: Int, clients: Int? = nil, threads: Int = 2, seed: UInt64 = 1) throws -> (csv: [UInt8], truth: String) {
        var configuration = SyntheticSales.Configuration(rows: rows, clients: clients)
        configuration.threads = threads
        configuration.seed = seed
        let sales = try SyntheticSales(configuration)
        var csv = ByteArraySink(), truth = ByteArraySink()
        #expect(try sales.write(to: &csv) == rows)
        try sales.writeTruth(to: &truth)
        return (csv.bytes, truth.text)
    }

    @Test("Writes exactly the rows asked for, and the reader reads them all", arguments: [1, 7, 1_000, 40_000])
    func exactRowCount(rows: Int) throws {
        let (csv, _) = try generate(rows: rows)
        let table = try TransactionTable(csv: csv)
        #expect(table.rowsRead == rows && table.acceptedCount == rows)
    }

    @Test("The same seed gives the same bytes whatever the thread count; another seed does not")
    func deterministic() throws {
        let one = try generate(rows: 30_000, threads: 1)
        let three = try generate(rows: 30_000, threads: 3)
        #expect(one.csv == three.csv && one.truth == three.truth)
        #expect(try generate(rows: 30_000, seed: 2).csv != one.csv)
    }

    @Test("The data has the shape of a real export")
    func shape() throws {
        let (csv, truth) = try generate(rows: 200_000)
        let transactions = try TransactionTable(csv: csv).transactions
        // About 2 % refunds.
        let refunds = transactions.filter { $0.amount.minorUnits < 0 }.count
        #expect((0.015...0.025).contains(Double(refunds) / Double(transactions.count)))
        // Dates ascend, as an export's do, and span the three years before the end.
        #expect(zip(transactions, transactions.dropFirst()).allSatisfy { $0.date <= $1.date })
        #expect(transactions.last!.date <= Day(year: 2025, month: 6, day: 30)!)
        #expect(transactions.first!.date < Day(year: 2022, month: 8, day: 1)!)
        // A dozen managers, and some rows with none.
        #expect(Set(transactions.compactMap(\.manager)).count == 12)
        #expect(transactions.contains { $0.manager == nil })
        // Some ids need quoting, and some clients have several rows on one day.
        #expect(csv.starts(with: Array("client,date,amount,manager\n".utf8)))
        #expect(transactions.contains { $0.client.contains(",") } && transactions.contains { $0.client.contains("\"") })
        var perDay: [String: Int] = [:]
        for transaction in transactions { perDay["\(transaction.client) \(transaction.date)", default: 0] += 1 }
        #expect(perDay.values.contains { $0 > 1 })
        // Heavy-tailed spend: the top fifth of clients carry most of the revenue.
        var revenue: [String: Int64] = [:]
        for transaction in transactions { revenue[transaction.client, default: 0] += transaction.amount.minorUnits }
        let sorted = revenue.values.sorted(by: >)
        let top = sorted.prefix(sorted.count / 5).reduce(0, +)
        #expect(Double(top) / Double(sorted.reduce(0, +)) > 0.6)
        // About 45 % of clients stop, and the truth file says who.
        let lines = truth.split(separator: "\n").dropFirst()
        #expect(lines.count == Set(transactions.map(\.client)).count)
        let stopped = lines.filter { $0.contains(",yes,") }.count
        #expect((0.40...0.50).contains(Double(stopped) / Double(lines.count)))
    }

    @Test("The data ends exactly on the end day, and the truth lists exactly its clients, stop dates inside it",
          arguments: [(1, "2025-06-30", 3), (7, "2025-06-30", 3), (2_000, "2024-02-29", 1), (100_000, "2025-06-30", 3)])
    func endAndTruthMatchTheData(rows: Int, end: String, years: Int) throws {
        var configuration = SyntheticSales.Configuration(rows: rows)
        configuration.end = day(end)
        configuration.years = years
        configuration.threads = 2
        let sales = try SyntheticSales(configuration)
        var csv = ByteArraySink(), truthBytes = ByteArraySink()
        #expect(try sales.write(to: &csv) == rows)
        try sales.writeTruth(to: &truthBytes)
        let transactions = try TransactionTable(csv: csv.bytes).transactions
        #expect(transactions.count == rows)
        let last = try #require(transactions.map(\.date).max())
        let first = try #require(transactions.map(\.date).min())
        #expect(last == day(end))
        #expect(first >= day(end).addingDays(-365 * years))
        var firstDay: [String: Day] = [:], lastPurchase: [String: Day] = [:]
        for t in transactions {
            firstDay[t.client] = min(firstDay[t.client] ?? t.date, t.date)
            if t.amount.minorUnits > 0 { lastPurchase[t.client] = max(lastPurchase[t.client] ?? t.date, t.date) }
        }
        let truth = try TruthRow.parse(truthBytes.text)
        #expect(Set(truth.map(\.client)) == Set(firstDay.keys))
        #expect(truth.count == firstDay.count)  // one row per client
        for row in truth {
            #expect(row.firstDay == firstDay[row.client], "\(row.client)")
            #expect(lastPurchase[row.client] != nil, "\(row.client) has no purchase in the data")
            if let stop = row.stopDate {
                #expect(stop >= lastPurchase[row.client]! && stop <= last, "\(row.client) stops \(stop)")
            }
        }
    }

    @Test("For any row count, with or without services, the data has exactly those rows and ends on the end day",
          arguments: [false, true])
    func everySmallCountEndsOnTheEndDay(services: Bool) throws {
        for rows in 1...120 {
            for seed: UInt64 in [1, 2] {
                var configuration = SyntheticSales.Configuration(rows: rows)
                configuration.seed = seed
                configuration.services = services
                configuration.threads = 1
                var csv = ByteArraySink()
                #expect(try SyntheticSales(configuration).write(to: &csv) == rows)
                let dates = try TransactionTable(csv: csv.bytes).transactions.map(\.date)
                #expect(dates.count == rows && dates.max() == day("2025-06-30"), "\(rows) rows, seed \(seed)")
            }
        }
    }

    @Test("The truth's last_purchase is each client's last day with a purchase in the data",
          arguments: [(7, UInt64(1)), (2_000, 3), (100_000, 1)])
    func lastPurchaseIsInTheData(rows: Int, seed: UInt64) throws {
        var configuration = SyntheticSales.Configuration(rows: rows)
        configuration.seed = seed
        configuration.threads = 2
        let sales = try SyntheticSales(configuration)
        var csv = ByteArraySink(), truthBytes = ByteArraySink()
        try sales.write(to: &csv)
        try sales.writeTruth(to: &truthBytes)
        #expect(truthBytes.text.hasPrefix("client,first_day,stopped,stop_date,cycle_days,typical_amount,last_purchase\n"))
        var lastPurchase: [String: Day] = [:]
        for t in try TransactionTable(csv: csv.bytes).transactions where t.amount.minorUnits > 0 {
            lastPurchase[t.client] = max(lastPurchase[t.client] ?? t.date, t.date)
        }
        let truth = try TruthRow.parse(truthBytes.text)
        #expect(truth.count == lastPurchase.count)
        for row in truth { #expect(row.lastPurchase == lastPurchase[row.client], "\(row.client)") }
    }

    @Test("With services, the truth lists exactly the client × service pairs in the data, from their first day there",
          arguments: [1, 7, 3_000, 40_000])
    func pairTruthMatchesTheData(rows: Int) throws {
        var configuration = SyntheticSales.Configuration(rows: rows)
        configuration.services = true
        configuration.threads = 2
        let sales = try SyntheticSales(configuration)
        var csv = ByteArraySink(), truthBytes = ByteArraySink()
        #expect(try sales.write(to: &csv) == rows)
        try sales.writeTruth(to: &truthBytes)
        configuration.threads = 3
        var again = ByteArraySink(), againTruth = ByteArraySink()
        let other = try SyntheticSales(configuration)
        try other.write(to: &again)
        try other.writeTruth(to: &againTruth)
        #expect(again.bytes == csv.bytes && againTruth.bytes == truthBytes.bytes)

        let end = day("2025-06-30")
        let transactions = try TransactionTable(csv: csv.bytes).transactions
        #expect(transactions.count == rows && transactions.map(\.date).max() == end)
        struct Pair: Hashable { var client: String, service: String }
        var firstDay: [Pair: Day] = [:], lastPurchase: [Pair: Day] = [:]
        for t in transactions {
            let pair = Pair(client: t.client, service: try #require(t.category))
            firstDay[pair] = min(firstDay[pair] ?? t.date, t.date)
            if t.amount.minorUnits > 0 { lastPurchase[pair] = max(lastPurchase[pair] ?? t.date, t.date) }
        }
        #expect(truthBytes.text.hasPrefix("client,service,first_day,stopped,stop_date,cycle_days,typical_amount\n"))
        let truth = try TruthRow.parse(truthBytes.text, services: true)
        #expect(truth.count == firstDay.count)  // one row per pair
        #expect(Set(truth.map { Pair(client: $0.client, service: $0.service!) }) == Set(firstDay.keys))
        for row in truth {
            let pair = Pair(client: row.client, service: row.service!)
            #expect(row.firstDay == firstDay[pair], "\(pair)")
            let last = try #require(lastPurchase[pair], "\(pair) has no purchase in the data")
            if let stop = row.stopDate { #expect(stop >= last && stop <= end, "\(pair) stops \(stop)") }
        }
    }

    @Test("Options out of range are refused")
    func validation() {
        #expect(throws: OptionsError.self) { try SyntheticSales(SyntheticSales.Configuration(rows: 0)) }
        #expect(throws: OptionsError.self) { try SyntheticSales(SyntheticSales.Configuration(rows: 10, clients: 11)) }
        var early = SyntheticSales.Configuration(rows: 10)
        early.end = day("1902-12-31")  // three years back would start in 1899, before any date the reader accepts
        #expect(throws: OptionsError.self) { try SyntheticSales(early) }
        early.end = day("1903-01-01")
        #expect(throws: Never.self) { try SyntheticSales(early) }
    }
}

@Suite("Messy exports read like their clean twins")
struct MessyTwinTests {
    @Test("A generated data set's messy twin (BOM, ;, 1 234,56, DD.MM.YYYY, CRLF) classifies byte for byte the same",
          arguments: [UInt64(1), 5, 12])
    func messyTwin(seed: UInt64) throws {
        func export(_ dialect: ExportDialect) throws -> [UInt8] {
            var configuration = SyntheticSales.Configuration(rows: 25_000, clients: 800)
            configuration.seed = seed
            configuration.dialect = dialect
            var buffer = ByteArraySink()
            try SyntheticSales(configuration).write(to: &buffer)
            return buffer.bytes
        }
        let clean = try export(.clean), messy = try export(.messy)
        #expect(messy.starts(with: [0xEF, 0xBB, 0xBF]) && messy.contains(UInt8(ascii: "\r")))
        #expect(String(decoding: messy.prefix(4_000), as: UTF8.self).contains(";"))
        var options = ReadOptions()
        options.pieces = 4
        let cleanTable = try TransactionTable(csv: clean, options: options)
        let messyTable = try TransactionTable(csv: messy, options: options)
        #expect(messyTable.transactions == cleanTable.transactions)
        let cleanAnalysis = try cleanTable.analyze(), messyAnalysis = try messyTable.analyze()
        for listing in Listing.allCases {
            #expect(messyAnalysis.text(listing, as: .csv) == cleanAnalysis.text(listing, as: .csv))
        }
    }
}

/// One row of the truth file: `client,first_day,stopped,stop_date,cycle_days,typical_amount,last_purchase`,
/// or with services `client,service,first_day,stopped,stop_date,cycle_days,typical_amount`.
struct TruthRow {
    var client: String
    var service: String?
    var firstDay: Day
    var stopDate: Day?
    var lastPurchase: Day?

    /// The rows of a truth file (quoted ids as CSV writes them).
    static func parse(_ text: String, services: Bool = false) throws -> [TruthRow] {
        var rows: [TruthRow] = []
        for line in text.split(separator: "\n").dropFirst() {
            var fields: [String] = [], field = "", quoted = false
            for character in line {
                if character == "\"" { quoted.toggle(); if !quoted { continue } else if field.isEmpty { continue } }
                if character == ",", !quoted { fields.append(field); field = ""; continue }
                field.append(character)
            }
            fields.append(field)
            // Six plain fields follow the id: the service and five, or five and last_purchase.
            let count = fields.count
            let first = services ? count - 5 : count - 6
            rows.append(TruthRow(client: fields[0..<(count - 6)].joined(separator: ","),
                                 service: services ? fields[count - 6] : nil,
                                 firstDay: try #require(Day(iso: fields[first])),
                                 stopDate: Day(iso: fields[first + 2]),
                                 lastPurchase: services ? nil : Day(iso: fields[count - 1])))
        }
        return rows
    }
}
