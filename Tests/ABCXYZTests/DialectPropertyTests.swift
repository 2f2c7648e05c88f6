import ABCXYZ
import Foundation
import Testing

/// Writes transactions the way a given export tool would spell them.
struct Dialect: CustomStringConvertible {
    enum DateShape: CaseIterable { case iso, isoWithTime, isoWithT, dotted, compact, slashDayFirst, slashMonthFirst, yearFirstSlash }
    var delimiter: Character
    var decimalComma: Bool
    var groupSeparator: String?  // nil, " ", "\u{00A0}", "'", "\u{202F}"
    var dateShape: DateShape
    var byteOrderMark: Bool
    var crlf: Bool
    var quoteEverything: Bool
    var header: [String]  // names for client, date, amount, manager, plus an extra column
    var columnOrder: [Int]  // a permutation of 0..<5

    var description: String {
        "delimiter \(delimiter == "\t" ? "tab" : String(delimiter)), comma \(decimalComma), group \(groupSeparator.map { "U+\(String($0.unicodeScalars.first!.value, radix: 16))" } ?? "none"), "
            + "\(dateShape), BOM \(byteOrderMark), CRLF \(crlf), quote all \(quoteEverything), header \(header), order \(columnOrder)"
    }

    static func random(using generator: inout SeededGenerator) -> Dialect {
        let delimiter = [",", ";", "\t", "|"].randomElement(using: &generator)!
        let headers = [["client", "date", "amount", "manager", "note"],
                       ["Customer ID", "Order Date", "Revenue", "Sales Rep", "Comment"],
                       ["Клиент", "Дата", "Сумма", "Менеджер", "Комментарий"],
                       ["客户", "日期", "金额", "经理", "备注"]]
        return Dialect(
            delimiter: Character(delimiter),
            decimalComma: delimiter != "," && Bool.random(using: &generator),
            groupSeparator: [nil, " ", "\u{00A0}", "'", "\u{202F}"].randomElement(using: &generator)!,
            dateShape: DateShape.allCases.randomElement(using: &generator)!,
            byteOrderMark: Bool.random(using: &generator), crlf: Bool.random(using: &generator),
            quoteEverything: Bool.random(using: &generator),
            header: headers.randomElement(using: &generator)!,
            columnOrder: Array(0..<5).shuffled(using: &generator))
    }

    var readOptions: ReadOptions {
        var options = ReadOptions()
        options.dateFormat = dateShape == .slashMonthFirst ? .monthFirst : dateShape == .slashDayFirst ? .dayFirst : .automatic
        options.pieces = 3
        return options
    }

    func field(_ text: String) -> String {
        let needsQuotes = text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
        guard quoteEverything || needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func amount(_ minorUnits: Int64) -> String {
        let digits = String(minorUnits.magnitude)
        let padded = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        var whole = String(padded.dropLast(2))
        if let groupSeparator, whole.count > 3 {
            var grouped = ""
            for (index, character) in whole.enumerated() {
                if index > 0, (whole.count - index) % 3 == 0 { grouped += groupSeparator }
                grouped.append(character)
            }
            whole = grouped
        }
        return (minorUnits < 0 ? "-" : "") + whole + (decimalComma ? "," : ".") + padded.suffix(2)
    }

    func date(_ day: Day) -> String {
        let (y, m, d) = day.components
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return switch dateShape {
        case .iso: "\(y)-\(two(m))-\(two(d))"
        case .isoWithTime: "\(y)-\(two(m))-\(two(d)) 14:05:59"
        case .isoWithT: "\(y)-\(two(m))-\(two(d))T23:59:00Z"
        case .dotted: "\(d).\(m).\(y)"
        case .compact: "\(y)\(two(m))\(two(d))"
        case .slashDayFirst: "\(two(d))/\(two(m))/\(y)"
        case .slashMonthFirst: "\(m)/\(d)/\(y) 8:26"
        case .yearFirstSlash: "\(y)/\(m)/\(d)"
        }
    }

    func write(_ transactions: [Transaction]) -> String {
        let end = crlf ? "\r\n" : "\n"
        func line(_ cells: [String]) -> String {
            columnOrder.map { field(cells[$0]) }.joined(separator: String(delimiter)) + end
        }
        var text = (byteOrderMark ? "\u{FEFF}" : "") + line(header)
        for transaction in transactions {
            text += line([transaction.client, date(transaction.date), amount(transaction.amount.minorUnits),
                          transaction.manager ?? "", "x\(delimiter)y"])
        }
        return text
    }
}

@Suite("Every dialect reads back the same (SPEC §9)")
struct DialectPropertyTests {
    static func transactions(seed: UInt64, count: Int) -> [Transaction] {
        var generator = SeededGenerator(seed: seed)
        let ids = ["ACME", "Smith, J.", "He said \"hi\"", "Ольга", "王芳", "Two\nLines", "pipe|id", "semi;colon", "tab\tid", "Zed"]
        let managers: [String?] = ["Anna", "Boris, K.", nil, "Вера"]
        return (0..<count).map { _ in
            Transaction(client: ids.randomElement(using: &generator)! + String(Int.random(in: 0..<20, using: &generator)),
                        date: Day(daysSince1970: Int.random(in: 19_000..<20_100, using: &generator)),
                        amount: Money(minorUnits: Int64.random(in: -50_000...5_000_000_00, using: &generator)),
                        manager: managers.randomElement(using: &generator)!)
        }
    }

    @Test("Random transactions in 200 random dialects read back equal, and classify the same", arguments: Array(UInt64(1)...8))
    func roundTrip(seed: UInt64) throws {
        let original = Self.transactions(seed: seed, count: 300)
        let reference = try TransactionTable(original).analyze().text(.clients, as: .csv)
        var generator = SeededGenerator(seed: seed * 7919)
        for _ in 0..<25 {
            let dialect = Dialect.random(using: &generator)
            let text = dialect.write(original)
            let table = try TransactionTable(csv: Array(text.utf8), name: "dialect.csv", options: dialect.readOptions)
            #expect(table.transactions == original, "\(dialect)")
            #expect(try table.analyze().text(.clients, as: .csv) == reference, "\(dialect)")
        }
    }
}
