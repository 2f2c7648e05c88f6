import Foundation
import Testing

/// Writes `text` to a file in a new temporary directory and passes its path.
func withFile<T>(_ text: String, name: String = "sales.csv", _ body: (String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try body(path)
    }
}

@Suite("Mistakes a new user makes and inputs an attacker sends: refused clearly, never silent")
struct UserMistakeTests {
    @Test("An option out of the method's range exits 64 naming the flag, its range and the value", arguments: [
        (["--margin", "35"], "abcxyz classify: --margin must be more than 0 and at most 1 (got 35)"),
        (["--margin", "0"], "abcxyz classify: --margin must be more than 0 and at most 1 (got 0)"),
        (["--horizon", "0"], "abcxyz classify: --horizon must be more than 0 and at most 100 years (got 0)"),
        (["--months", "1001"], "abcxyz classify: --months must be a whole number from 1 to 1000 (got 1001)"),
        (["--min-periods", "1"], "abcxyz classify: --min-periods must be a whole number from 2 to --months (12) (got 1)"),
        (["--months", "2"], "abcxyz classify: --min-periods must be a whole number from 2 to --months (2) (got 3)"),
        (["--fallback-cycle", "0"], "abcxyz classify: --fallback-cycle must be more than 0 and at most 36525 days (got 0)"),
        (["--min-cycle", "-1"], "abcxyz classify: --min-cycle must be from 0 to 36525 days (got -1)"),
        (["--at-risk-factor", "0"], "abcxyz classify: --at-risk-factor must be more than 0 and at most 1000 (got 0)"),
        (["--lost-factor", "0.5"],
         "abcxyz classify: --lost-factor must be at least --at-risk-factor (1) and at most 1000 (got 0.5)"),
        (["--scale", "7"], "abcxyz classify: --scale must be a whole number from 0 to 6 (got 7)"),
        (["--threads", "0"], "abcxyz classify: --threads must be a whole number from 1 to 1024 (got 0)"),
    ] as [([String], String)])
    func optionOutOfRange(arguments: [String], message: String) throws {
        let run = try Binary.run(["classify"] + arguments)
        #expect(run.status == 64)
        #expect(run.standardError == message + "\n")
        #expect(run.standardOutput.isEmpty)
    }

    @Test("A margin inside (0, 1] is applied as a share: 0.35 of the value lost")
    func marginInRangeIsAShare() throws {
        // M bought 100.00 once on 2025-01-01 and is lost at 2025-06-30 (fallback cycle 30 days).
        try withFile("client,date,amount\nM,2025-01-01,100.00\nNow,2025-06-30,1.00\n") { path in
            let run = try Binary.run(["winback", path, "--margin", "0.35", "--format", "csv"])
            #expect(run.status == 0)
            #expect(run.standardOutput.contains("1,M,2,A,Z,lost,35.00,100.00,"), "\(run.standardOutput)")
        }
    }

    @Test("A date before 1900 (1C's empty date 01.01.0001) is rejected at reading with its line and column, not a crash")
    func dateBeforeNineteenHundred() throws {
        try withFile("client,date,amount\nA,0001-03-01,10\nB,2025-06-30,5\n") { path in
            let run = try Binary.run(["report", path, "--report-period", "year"])
            #expect(run.status == 65)
            #expect(run.standardError == "\(path):2:3: error: date '0001-03-01' in column 'date' is before 1900-01-01, "
                + "the earliest date read (an empty date? 1C writes it as 01.01.0001)\n")
            let skipped = try Binary.run(["classify", path, "--months", "13", "--on-error", "skip", "--format", "csv"])
            #expect(skipped.status == 0)
            #expect(skipped.standardError.contains("2 rows read = 1 accepted + 1 rejected"))
            #expect(skipped.standardOutput.contains("\nB,5.00,"))
        }
    }

    @Test("From the earliest accepted date, the longest window and every report period run without a crash")
    func longestWindowFromNineteenHundred() throws {
        try withFile("client,date,amount\nA,1900-01-01,10\nA,1900-02-01,10\nA,1900-03-01,10\nB,1900-03-05,5\n") { path in
            let classify = try Binary.run(["classify", path, "--period", "quarter", "--months", "1000"])
            #expect(classify.status == 0)
            // 1900-03-05 − 3000 months = 1650-03-05; the window starts the day after.
            #expect(classify.standardOutput.hasPrefix("2 clients as of 1900-03-05, window 1650-03-06 to 1900-03-05"))
            for period in [["--report-period", "year"], ["--from", "1900-01-01", "--to", "9999-12-31"]] {
                let report = try Binary.run(["report", path, "--format", "json"] + period)
                #expect(report.status == 0, "\(period): \(report.standardError)")
            }
            let asOf = try Binary.run(["classify", path, "--as-of", "1899-12-31"])
            #expect(asOf.status == 64)
            #expect(asOf.standardError.hasPrefix(
                "abcxyz classify: --as-of expects a date YYYY-MM-DD from 1900-01-01 to 9999-12-31; got '1899-12-31'"))
        }
    }

    @Test("One column for two roles exits 64 naming both, whether both are named or one is found by its usual name",
          arguments: [
              (["--manager-column", "date"], "column 'date' (2) cannot be both the manager and the date column; "
                  + "give each its own with --manager-column and --date-column"),
              (["--manager-column", "client"], "column 'client' (1) cannot be both the manager and the client column; "
                  + "give each its own with --manager-column and --client-column"),
              (["--client-column", "amount", "--manager-column", "amount"],
               "column 'amount' (3) cannot be both the client and the manager column; "
                  + "give each its own with --client-column and --manager-column"),
          ] as [([String], String)])
    func twoRolesOneColumn(arguments: [String], message: String) throws {
        let run = try Binary.run(["classify", "fixtures/example/transactions.csv"] + arguments)
        #expect(run.status == 64)
        #expect(run.standardError == "fixtures/example/transactions.csv:1: error: \(message)\n")
        #expect(run.standardOutput.isEmpty)
    }

    @Test("A duplicated header name is refused when its column would be used, and harmless when it is not")
    func duplicateHeaderNames() throws {
        try withFile("client,date,amount,amount\nA,2025-01-01,1.00,2.00\n") { path in
            let run = try Binary.run(["classify", path])
            #expect(run.status == 65)
            #expect(run.standardError == "\(path):1: error: the header has 2 columns named 'amount' (3, 4), so the amount "
                + "column is ambiguous; rename one of them, or name another with --amount-column\n")
        }
        try withFile("client,note,date,amount,note\nA,x,2025-01-01,1.00,y\n") { path in
            let run = try Binary.run(["classify", path, "--format", "csv"])
            #expect(run.status == 0)
            #expect(run.standardError == "abcxyz: columns: client=client (1), date=date (3), amount=amount (4)\n")
        }
    }

    @Test("help with an unknown command exits 64 and says so; help with a known one prints its help")
    func helpUnknownCommand() throws {
        let run = try Binary.run(["help", "nosuch"])
        #expect(run.status == 64)
        #expect(run.standardError == "abcxyz: unknown command 'nosuch'\nUsage: abcxyz <command> [options] [FILE]; see 'abcxyz --help'\n")
        #expect(run.standardOutput.isEmpty)
        let known = try Binary.run(["help", "winback"])
        #expect(known.status == 0)
        #expect(known.standardOutput.contains("USAGE: abcxyz winback"))
    }

    @Test("-q means only errors: no columns line and no accounting of rejected rows")
    func quietIsQuiet() throws {
        let run = try Binary.run(["classify", "fixtures/bad/several-bad-rows.csv", "--on-error", "skip", "-q", "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.standardError.isEmpty)
    }

    @Test("The columns used are named on one line, and a header that looks like a manager or category is pointed out")
    func columnsAndLookalikes() throws {
        try withFile("Клиент;Дата;Сумма;Менеджер по продажам;Категория товара\nА;01.02.2025;1,50;Анна;стрижка\n") { path in
            let run = try Binary.run(["classify", path, "--format", "csv"])
            #expect(run.status == 0)
            #expect(run.standardError == "abcxyz: columns: client=Клиент (1), date=Дата (2), amount=Сумма (3)\n"
                + "abcxyz: column 'Менеджер по продажам' (4) looks like a manager column but is not a name abcxyz knows, "
                + "so the data has no manager; to use it: --manager-column 'Менеджер по продажам'\n"
                + "abcxyz: column 'Категория товара' (5) looks like a category column but is not a name abcxyz knows, "
                + "so the data has no category; to use it: --category-column 'Категория товара'\n")
            let named = try Binary.run(["classify", path, "--format", "csv", "--manager-column", "Менеджер по продажам"])
            #expect(named.standardError.hasPrefix(
                "abcxyz: columns: client=Клиент (1), date=Дата (2), amount=Сумма (3), manager=Менеджер по продажам (4)\n"))
            #expect(named.standardOutput.hasSuffix(",Анна\n"))
        }
    }

    @Test("An as-of after the latest transaction is a warning with the number of days")
    func asOfAfterTheData() throws {
        // 2025-06-30 → 2030-01-01: 4 × 365 + 1 (2028-02-29) days to 2029-06-30, then 185 to 2030-01-01.
        let run = try Binary.run(["classify", "fixtures/example/transactions.csv", "--as-of", "2030-01-01", "-o", "/dev/null"])
        #expect(run.status == 0)
        #expect(run.standardError.contains(
            "abcxyz: as-of 2030-01-01 is 1646 days after the latest transaction 2025-06-30\n"))
        let before = try Binary.run(["classify", "fixtures/example/transactions.csv", "--as-of", "2025-06-30", "-o", "/dev/null"])
        #expect(!before.standardError.contains("days after the latest"))
    }

    @Test("Amounts the scale rounds are counted on standard error")
    func roundedAmountsCounted() throws {
        try withFile("client,date,amount\nA,2025-01-01,10.50\nB,2025-01-02,3\nC,2025-01-03,7.00\n") { path in
            let run = try Binary.run(["classify", path, "--scale", "0", "--format", "csv"])
            #expect(run.status == 0)
            // Only 10.50 loses a non-zero digit: 3 and 7.00 are whole.
            #expect(run.standardError.hasSuffix(
                "abcxyz: 1 of 3 amounts had more decimals than --scale 0 and were rounded half away from zero\n"))
            #expect(run.standardOutput.contains("\nA,11,"))
            let exact = try Binary.run(["classify", path, "--format", "csv"])
            #expect(!exact.standardError.contains("rounded"))
        }
    }
}


@Suite("abcxyz generate: --end is the data's last day")
struct GenerateEndTests {
    @Test("generate --rows 100000 ends exactly on --end, and its truth names only clients in the data")
    func endIsTheLastDate() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("g.csv").path
            let run = try Binary.run(["generate", "--rows", "100000", "-o", path, "-q"])
            #expect(run.status == 0)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 100_001)
            #expect(lines.last?.contains(",2025-06-30,") == true)  // rows are in date order
            let truth = try String(contentsOfFile: directory.appendingPathComponent("g.truth.csv").path, encoding: .utf8)
            let stops = truth.split(separator: "\n").dropFirst().compactMap { line -> Substring? in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields[fields.count - 5] == "yes" ? fields[fields.count - 4] : nil  // last_purchase is last
            }
            #expect(!stops.isEmpty && stops.allSatisfy { $0 <= "2025-06-30" })
            let early = try Binary.run(["generate", "--rows", "10", "--end", "1902-12-31"])
            #expect(early.status == 64)
            #expect(early.standardError.contains("--end must be a day from 1903-01-01"))
        }
    }
}
