@testable import ABCXYZ
import Testing

@Suite("Messages quote input cut short and with control characters escaped")
struct MessageTextTests {
    func error(_ text: String) -> ReadError? {
        do {
            _ = try TransactionTable(csv: Array(text.utf8), name: "in.csv")
            return nil
        } catch {
            return error as? ReadError
        }
    }

    @Test("Values are cut at 60 characters with an ellipsis; controls become escapes")
    func shown() {
        #expect(MessageText.shown(String(repeating: "x", count: 60)) == String(repeating: "x", count: 60))
        #expect(MessageText.shown(String(repeating: "я", count: 61)) == String(repeating: "я", count: 60) + "…")
        #expect(MessageText.shown("a\nb\r\tc\u{1B}[31m\u{7F}\u{85}\u{202E}") == "a\\nb\\r\\tc\\u{1B}[31m\\u{7F}\\u{85}\\u{202E}")
        #expect(MessageText.shown("Ольга 客户 café") == "Ольга 客户 café")
    }

    @Test("A 5 MB bad amount makes a message of one short line")
    func hugeFieldIsCut() throws {
        let huge = String(repeating: "x", count: 5_000_000)
        let message = try #require(error("client,date,amount\nA,2025-01-01,\(huge)\n")).description
        #expect(message == "in.csv:2:14: bad amount '\(String(repeating: "x", count: 60))…' in column 'amount'")
    }

    @Test("A quoted line break and an ESC sequence in a bad field are escaped, not printed")
    func controlsAreEscaped() throws {
        let message = try #require(error("client,date,amount\nA,\"2025\n\u{1B}[2J\",1\n")).description
        #expect(message == "in.csv:2:3: bad date '2025\\n\\u{1B}[2J' in column 'date' "
            + "(expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)")
    }

    @Test("A header of 100 000 columns is listed by its first 20 names and its count")
    func wideHeaderIsCut() throws {
        let header = (1...100_000).map { "c\($0)" }.joined(separator: ",")
        let message = try #require(error(header + "\nA,2025-01-01,1\n")).description
        let first20 = (1...20).map { "c\($0)" }.joined(separator: ", ")
        #expect(message == "in.csv:1: no client column (looked for client, client_id, clientid, client id, customer, …); "
            + "the header has: \(first20), … (100000 columns). Name it with --client-column")
    }

    @Test("Header names and column names in messages are escaped too")
    func headerNamesAreEscaped() throws {
        var options = ReadOptions()
        options.columns.client = "who\nis"
        let bytes = Array("\"who\nis\",date,amount\n\"\",2025-01-01,1\n".utf8)
        let empty = #expect(throws: ReadError.self) { try TransactionTable(csv: bytes, name: "in.csv", options: options) }
        #expect(empty?.description == "in.csv:3:1: empty client in column 'who\\nis'")
        options.columns.client = "who\u{1B}]0;pwned\u{07}"
        let unknown = #expect(throws: ReadError.self) {
            try TransactionTable(csv: Array("name,date,amount\nA,2025-01-01,1\n".utf8), name: "in.csv", options: options)
        }
        #expect(unknown?.message
            == "no column named 'who\\u{1B}]0;pwned\\u{7}' for the client; the header has: name, date, amount")
    }
}
