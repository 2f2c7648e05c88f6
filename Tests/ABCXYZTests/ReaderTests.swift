import ABCXYZ
import Foundation
import Testing

@Suite("Reading exports (SPEC §9)")
struct ReaderTests {
    func read(_ text: String, _ configure: (inout ReadOptions) -> Void = { _ in }) throws -> TransactionTable {
        var options = ReadOptions()
        configure(&options)
        return try TransactionTable(csv: Array(text.utf8), name: "in.csv", options: options)
    }

    func readError(_ text: String, _ configure: (inout ReadOptions) -> Void = { _ in }) -> ReadError? {
        do {
            _ = try read(text, configure)
            return nil
        } catch {
            return error as? ReadError
        }
    }

    @Test("Quoted fields hold delimiters, doubled quotes and line breaks; spaces around ids are dropped")
    func quoting() throws {
        let table = try read("client,date,amount,manager\n\"Smith, J.\",2025-01-01,1.00,\" Anna \"\n"
            + "\"He said \"\"hi\"\"\",2025-01-02,2.00,\n\"Two\nLines\",2025-01-03,3.00,Boris\n  Bob\t,2025-01-04,4.00,\n")
        #expect(table.transactions.map(\.client) == ["Smith, J.", "He said \"hi\"", "Two\nLines", "Bob"])
        #expect(table.transactions.map(\.manager) == ["Anna", nil, "Boris", nil])
    }

    @Test("A byte-order mark, CRLF, semicolons, decimal commas and DD.MM.YYYY read like the clean export")
    func messyTwin() throws {
        let clean = try read("client,date,amount\nA,2025-01-31,1234.50\nB,2025-02-01,-7.25\n")
        let messy = try read("\u{FEFF}Клиент;Дата;Сумма\r\nA;31.01.2025;1 234,50\r\n\r\nB;01.02.2025;-7,25\r\n")
        #expect(messy.transactions == clean.transactions)
        #expect(messy.rowsRead == 2)
    }

    @Test("The delimiter is found from the header, or given", arguments: [
        ("client\tdate\tamount\nA\t2025-01-01\t5\n", nil as Delimiter?),
        ("client|date|amount\nA|2025-01-01|5\n", nil),
        ("client;date;amount;note,comment\nA;2025-01-01;5;x,y\n", nil),              // 4 semicolons beat 1 comma
        ("client,date,amount,a;b;c;d;e\nA,2025-01-01,5,x;y;z;v;w\n", Delimiter.comma),  // detection would pick ;
    ])
    func delimiters(text: String, given: Delimiter?) throws {
        let table = try read(text) { $0.delimiter = given }
        #expect(table.transactions == [Transaction(client: "A", date: day("2025-01-01"), amount: Money(minorUnits: 500))])
    }

    @Test("Columns are found by usual names in any case, or by option")
    func columnNames() throws {
        let aliases = try read("Order Date,Customer ID,Revenue,Sales Rep\n2025-01-01,C1,5,Anna\n")
        #expect(aliases.transactions.first?.client == "C1" && aliases.transactions.first?.manager == "Anna")
        let named = try read("who,when,how much\nC1,2025-01-01,5\n") {
            $0.columns = ColumnNames(client: "WHO", date: "when", amount: "how much")
        }
        #expect(named.transactions.first?.amount == Money(minorUnits: 500))
    }

    @Test("A date repeating the row before's is the same day, however the field is written", arguments: [
        // Unquoted repeats, a quoted one in between (its bytes start with the quote), unquoted after it.
        ("client,date,amount\nA,2025-03-05,1\nB,2025-03-05,2\nC,\"2025-03-05\",3\nD,2025-03-05,4\nE,2025-03-05,5\n",
         ["2025-03-05", "2025-03-05", "2025-03-05", "2025-03-05", "2025-03-05"]),
        // The date last in its record (a line break after it, not a delimiter), LF and CRLF.
        ("client,amount,date\nA,1,2025-03-05\nB,2,2025-03-05\r\nC,3,2025-03-05\n", ["2025-03-05", "2025-03-05", "2025-03-05"]),
        // Semicolons, day first, then a new date and the old one again.
        ("client;date;amount\nA;05.03.2025;1\nB;05.03.2025;2\nC;06.03.2025;3\nD;05.03.2025;4\n",
         ["2025-03-05", "2025-03-05", "2025-03-06", "2025-03-05"]),
        // A year-last date whose order a later row proves: the repeats are read in that order too.
        ("client,date,amount\nA,03/04/2025,1\nB,03/04/2025,2\nC,25/12/2025,3\n", ["2025-04-03", "2025-04-03", "2025-12-25"]),
    ] as [(String, [String])])
    func repeatedDates(text: String, days: [String]) throws {
        #expect(try read(text).transactions.map(\.date) == days.map(day))
    }

    @Test("A repeated date with more after it, or on a row already bad, is reported as without the repeat")
    func repeatedDateErrors() throws {
        #expect(readError("client,date,amount\nA,2025-03-05,1\nB,2025-03-05x,2\n")?.description
            == "in.csv:3:3: bad date '2025-03-05x' in column 'date' (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)")
        #expect(readError("client,date,amount\nA,2025-03-05,1\n,2025-03-05,2\n")?.description
            == "in.csv:3:1: empty client in column 'client'")
        let skipped = try read("client,date,amount\nA,2025-03-05,1\n,2025-03-05,2\nC,2025-03-05,3\nD,2025-03-05\n") {
            $0.onError = .skip
        }
        #expect(skipped.transactions.map(\.client) == ["A", "C"])
        #expect(skipped.transactions.map(\.date) == [day("2025-03-05"), day("2025-03-05")])
        #expect(skipped.rowsRead == 4)
    }

    @Test("Errors name the file, line, column and reason", arguments: [
        ("client,date,amount\nA,2025-01-01,10\nB,2025-01-02\n", "in.csv:3:1: expected 3 fields as in the header, found 2"),
        ("client,date,amount\nA,2025-01-01,12x\n", "in.csv:2:14: bad amount '12x' in column 'amount'"),
        ("client,date,amount\nОльга,2025-13-01,1\n", "in.csv:2:7: no such day '2025-13-01' in column 'date'"),
        ("client,date,amount\n\"Two\nLines\",2025-01-01,1\nA,03/04/2025,1\n",
         "in.csv:4:3: ambiguous date '03/04/2025' in column 'date': name the order with --date-format DD/MM/YYYY or MM/DD/YYYY"),
        ("client,date,amount\n,2025-01-01,1\n", "in.csv:2:1: empty client in column 'client'"),
        ("client,date,amount\nA,2025-01-01,1\n\"Open,2025-01-02,1\n",
         "in.csv:3:1: unterminated quoted field in column 'client' (a \" opens it and none closes it)"),
        ("client,date,amount\n\"A\"x,2025-01-01,1\n",
         "in.csv:2:1: text after a closing quote in column 'client' (write a quote inside quotes as \"\")"),
        ("", "in.csv: the file is empty (expected a header line, then one row per transaction)"),
        ("client,date,amount\n", "in.csv: the file has a header but no data rows"),
        ("name,when,total\nA,2025-01-01,1\n",
         "in.csv:1: no client column (looked for client, client_id, clientid, client id, customer, …); the header has: name, when, total. Name it with --client-column"),
        ("client date amount\n", "in.csv:1: cannot tell the delimiter: the header has no comma, semicolon, tab or pipe"),
    ])
    func errorLocations(text: String, message: String) throws {
        let error = try #require(readError(text))
        #expect(error.description == message)
    }

    @Test("Text that is not UTF-8 (a Windows-1251 export) is refused at its line")
    func invalidUTF8() throws {
        var bytes = Array("client,date,amount\nA,2025-01-01,1\n".utf8)
        bytes += [0xCE, 0xEB, 0xFC, 0xE3, 0xE0] + Array(",2025-01-02,1\n".utf8)  // "Ольга" in cp1251
        #expect(throws: ReadError.self) { try TransactionTable(csv: bytes) }
        do {
            _ = try TransactionTable(csv: bytes, name: "cp1251.csv")
        } catch let error as ReadError {
            #expect(error.line == 3 && error.column == 1)
            #expect(error.reason == .invalidUTF8(.client, .windows1251))
        }
    }

    @Test("With skip, bad rows are left out, listed verbatim with their line, and every row is accounted for")
    func skipAccounting() throws {
        let text = "client,date,amount\nA,2025-01-01,1\nB,2025-01-02,x\nC,2025-01-03,3\nD,bad,4\nE,2025-02-01,5\n"
        let table = try read(text) { $0.onError = .skip }
        #expect(table.rowsRead == 5 && table.acceptedCount == 3 && table.rejectedCount == 2)
        #expect(table.rejections.map(\.line) == [3, 5])
        #expect(table.rejections.map { String(decoding: $0.record, as: UTF8.self) } == ["B,2025-01-02,x", "D,bad,4"])
        var options = AnalysisOptions()
        options.asOf = day("2025-01-31")
        let analysis = try table.analyze(options)
        #expect(analysis.summary.rowsRead == analysis.summary.accepted + analysis.summary.rejected)
        #expect(analysis.summary.accepted == analysis.summary.used + analysis.summary.afterAsOf)
        #expect(analysis.summary.afterAsOf == 1 && analysis.summary.used == 2)
    }

    @Test("Excel's sep= first line names the delimiter and is not the header; lines keep their physical numbers")
    func excelSeparatorLine() throws {
        let table = try read("sep=;\r\nclient;date;amount\r\nA;2025-01-01;1,50\r\n")
        #expect(table.transactions.map(\.amount) == [Money(minorUnits: 150)])
        #expect(table.lines == 3)
        let error = try #require(readError("sep=|\nclient|date|amount\nA|2025-01-01|1\nB|2025-01-02|x\n"))
        #expect(error.description == "in.csv:4:14: bad amount 'x' in column 'amount'")
    }

    @Test("A row with a delimiter too many is a field-count error, not a bad field further on")
    func fieldCountBeforeContent() throws {
        // A 1C export: an unquoted ';' inside a company name shifts the date into the amount's place.
        let error = try #require(readError("Клиент;Дата;Сумма;Менеджер\nООО Ромашка; филиал;01.02.2025;5;Иван\n"))
        #expect(error.description == "in.csv:2:1: expected 4 fields as in the header, found 5")
        let short = try #require(readError("client,date,amount,manager\nA,yesterday,1\n"))
        #expect(short.description == "in.csv:2:1: expected 4 fields as in the header, found 3")
    }

    @Test("A quoted bad field's column is that of its opening quote")
    func quotedFieldColumn() throws {
        let error = try #require(readError("client;date;amount\n\"A\";\"2025-02-30\";\"1,5x\"\n"))
        #expect(error.description == "in.csv:2:5: no such day '2025-02-30' in column 'date'")
        let amount = try #require(readError("client,date,amount\nA,2025-01-01,\"12x\"\n"))
        #expect(amount.description == "in.csv:2:14: bad amount '12x' in column 'amount'")
        let client = try #require(readError("client,date,amount\n\"  \",2025-01-01,1\n"))
        #expect(client.description == "in.csv:2:1: empty client in column 'client'")
    }

    @Test("Physical lines count the header, blank lines, quoted line breaks and a last line without a break",
          arguments: [1, 3])
    func physicalLines(pieces: Int) throws {
        let text = "client,date,amount\n\nA,2025-01-01,1\r\n\"Two\nLines\",2025-01-02,2\n\r\nB,2025-01-03,3"
        let table = try read(text) { $0.pieces = pieces }
        #expect(table.rowsRead == 3)
        #expect(table.lines == 7)  // header, blank, A, "Two, Lines", blank (CRLF), B
        #expect(try read("client,date,amount\nA,2025-01-01,1\n").lines == 2)
    }

    @Test("A missing file and a directory are clear errors")
    func unreadableInputs() throws {
        #expect(throws: ReadError.self) { try TransactionTable(contentsOfFile: "/no/such/file.csv") }
        do {
            _ = try TransactionTable(contentsOfFile: NSTemporaryDirectory())
            Issue.record("a directory was read")
        } catch let error as ReadError {
            #expect(error.description.contains("Is a directory"))
        }
    }
}
