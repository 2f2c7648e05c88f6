import Foundation
import Testing

/// Independent readers of the workbook: openpyxl (from PyPI, into a virtual environment
/// `Tests/Workbook/with_openpyxl.sh` makes) and LibreOffice (`soffice`, Debian's
/// libreoffice-calc-nogui). Each is skipped when it cannot be had, unless
/// ABCXYZ_REQUIRE_OPENPYXL=1 or ABCXYZ_REQUIRE_LIBREOFFICE=1 makes its absence a failure.
enum WorkbookReaders {
    static let environment = ProcessInfo.processInfo.environment
    static let script = repositoryRoot.appendingPathComponent("Tests/Workbook").path

    static let openpyxlRequired = environment["ABCXYZ_REQUIRE_OPENPYXL"] == "1"
    /// Whether python3 with openpyxl can be had (the first call may make the environment).
    static let openpyxlAvailable: Bool = {
        (try? openpyxl(["-c", "import openpyxl"]).status) == 0
    }()

    static func openpyxl(_ arguments: [String]) throws -> Binary.Run {
        try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                       ["bash", script + "/with_openpyxl.sh"] + arguments)
    }

    /// `read_xlsx.py COMMAND FILE [SHEET]`: the workbook as openpyxl reads it.
    static func readBack(_ command: String, _ workbook: URL) throws -> String {
        let run = try openpyxl([script + "/read_xlsx.py", command, workbook.path])
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput
    }

    static let libreOfficeRequired = environment["ABCXYZ_REQUIRE_LIBREOFFICE"] == "1"
    static let soffice: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Converts workbooks to CSV with LibreOffice Calc, cells as shown (filter options:
    /// comma, double quote, UTF-8, from line 1, …, token 9 "save cell contents as shown").
    static func libreOfficeCSV(_ workbooks: [URL], into directory: URL) throws -> [String] {
        let soffice = try #require(soffice, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
        let profile = directory.appendingPathComponent("profile")  // a profile of its own: no clash with a running one
        let run = try Binary.run(executable: URL(fileURLWithPath: soffice), [
            "-env:UserInstallation=\(profile.absoluteString)", "--headless",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir", directory.path,
        ] + workbooks.map(\.path))
        #expect(run.status == 0, "\(run.standardError)")
        return try workbooks.map { workbook in
            let name = workbook.deletingPathExtension().lastPathComponent + ".csv"
            return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
    }

    /// Ids a spreadsheet or an XML writer could get wrong: markup, U+0600 glued to `<`, a
    /// formula, an escape-like `_x0041_`, Cyrillic, Chinese, `&`, `;`, a control and a carriage return.
    /// Computed, not stored: LeakSanitizer reports a `Data` held by a `static let` at exit.
    static var hostileCSV: Data { Data(("client,date,amount,manager\n"
        + "\"<img src=x onerror=alert(1)>\",2025-01-05,10.00,Анна\n"
        + "\"<img src=x onerror=alert(1)>\",2025-02-05,12.00,Анна\n"
        + "\u{600}<b>,2025-03-01,5.50,\n"
        + "=1+2,2025-03-02,7.25,张伟\n"
        + "_x0041_,2025-04-01,1.00,\"a;b\"\n"
        + "x&y,2025-04-02,2.00,\n"
        + "\"ctl\u{1}x\",2025-04-03,3.00,\n"
        + "\"cr\rx\",2025-04-04,3.00,\n").utf8) }

    /// Runs `abcxyz ARGUMENTS` and expects success.
    static func abcxyz(_ arguments: [String]) throws -> String {
        let run = try Binary.run(arguments)
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput
    }
}

@Suite("The workbook read back by openpyxl",
       .enabled(if: WorkbookReaders.openpyxlAvailable || WorkbookReaders.openpyxlRequired,
                "openpyxl could not be installed (python3 -m venv; pip install openpyxl): skipped; ABCXYZ_REQUIRE_OPENPYXL=1 makes this a failure"))
struct OpenpyxlReadBackTests {
    @Test("classify's workbook holds the worked example's CSV cell for cell, numbers as numbers, dates as dates",
          arguments: [("classify", "classify.csv"), ("winback", "winback.csv")])
    func listingCellForCell(command: String, golden: String) throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("x.xlsx")
            _ = try WorkbookReaders.abcxyz([command, "fixtures/example/transactions.csv", "--format", "xlsx",
                                            "-o", workbook.path])
            #expect(try WorkbookReaders.readBack("csv", workbook) == (try fixtureText("example/" + golden)))
        }
    }

    @Test("Every column has the cell type of its SPEC §11 kind; undefined values are empty cells")
    func cellTypes() throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("x.xlsx")
            _ = try WorkbookReaders.abcxyz(["classify", "fixtures/example/transactions.csv", "--format", "xlsx",
                                            "-o", workbook.path])
            // The example has clients with no cv (Dan, Eve…), active ones without a tier, and
            // clients with no manager (Eve, Ray, "Smith, J.").
            let expected = """
                client:text
                revenue:number
                share:number
                abc:text
                cv:empty,number
                xyz:text
                purchases:number
                first_purchase:date
                last_purchase:date
                cycle_days:number
                recency_days:number
                status:text
                annual_value:number
                aov:number
                ltv_loss:number
                tier:empty,number
                manager:empty,text

                """
            #expect(try WorkbookReaders.readBack("types", workbook) == expected)
        }
    }

    @Test("The header is bold and frozen, an autofilter covers the used range, the sheet is named after the listing")
    func layout() throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("x.xlsx")
            _ = try WorkbookReaders.abcxyz(["winback", "fixtures/example/transactions.csv", "--format", "xlsx",
                                            "-o", workbook.path])
            let json = try WorkbookReaders.readBack("layout", workbook)
            let sheets = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            #expect(sheets.count == 1)
            let sheet = try #require(sheets.first)
            #expect(sheet["name"] as? String == "winback")
            #expect(sheet["freeze"] as? String == "A2")
            // 12 columns (A…L), header + 9 clients at risk or lost (fixtures/example/winback.csv).
            #expect(sheet["filter"] as? String == "A1:L10")
            #expect(sheet["boldHeader"] as? Bool == true)
            // rank: header "rank" (4) + 3; client: "Smith, J." (9) + 3; last_purchase: heading 13 + 3.
            let widths = try #require(sheet["widths"] as? [Double])
            #expect(widths[0] == 7 && widths[1] == 12 && widths[10] == 16)
        }
    }

    @Test("Hostile ids come back exactly as the CSV has them without its formula guard")
    func hostileIds() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("hostile.csv")
            try WorkbookReaders.hostileCSV.write(to: input)
            let workbook = directory.appendingPathComponent("h.xlsx")
            _ = try WorkbookReaders.abcxyz(["classify", input.path, "--format", "xlsx", "-o", workbook.path])
            let csv = try WorkbookReaders.abcxyz(["classify", input.path, "--format", "csv", "--formula-guard", "off"])
            #expect(csv.contains("\u{600}<b>") && csv.contains("ctl\u{1}x") && csv.contains("\"cr\rx\""))
            #expect(try WorkbookReaders.readBack("csv", workbook) == csv)
        }
    }
}

@Suite("The workbook converted by LibreOffice", .serialized,
       .enabled(if: WorkbookReaders.soffice != nil || WorkbookReaders.libreOfficeRequired,
                "soffice is not installed (apt-get install libreoffice-calc-nogui): skipped; ABCXYZ_REQUIRE_LIBREOFFICE=1 makes this a failure"))
struct LibreOfficeReadBackTests {
    @Test("soffice --convert-to csv of each workbook equals abcxyz's own CSV, byte for byte")
    func convertedEqualsCSV() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("hostile.csv")
            try WorkbookReaders.hostileCSV.write(to: input)
            let runs: [(name: String, arguments: [String])] = [
                ("classify", ["classify", "fixtures/example/transactions.csv"]),
                ("winback", ["winback", "fixtures/example/transactions.csv"]),
                ("hostile", ["classify", input.path, "--formula-guard", "off"]),
            ]
            var workbooks: [URL] = []
            var expected: [String] = []
            for run in runs {
                let workbook = directory.appendingPathComponent(run.name + ".xlsx")
                _ = try WorkbookReaders.abcxyz(run.arguments + ["--format", "xlsx", "-o", workbook.path])
                workbooks.append(workbook)
                expected.append(try WorkbookReaders.abcxyz(run.arguments + ["--format", "csv"]))
            }
            let converted = try WorkbookReaders.libreOfficeCSV(workbooks, into: directory)
            #expect(converted[0] == (try fixtureText("example/classify.csv")))
            for index in runs.indices {
                #expect(converted[index] == expected[index], "\(runs[index].name)")
            }
        }
    }
}

@Suite("Workbook and Excel CSV on the command line")
struct WorkbookCommandTests {
    @Test("--format xlsx without -o is refused (a ZIP is not for a terminal), exit 64")
    func xlsxNeedsAFile() throws {
        let run = try Binary.run(["winback", "fixtures/example/transactions.csv", "--format", "xlsx"])
        #expect(run.status == 64)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("--format xlsx writes a workbook (binary), not text for a terminal: give -o FILE"))
    }

    @Test("--excel with a format other than csv is refused, exit 64")
    func excelIsCSVOnly() throws {
        let run = try Binary.run(["classify", "fixtures/example/transactions.csv", "--format", "json", "--excel"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--excel is a form of CSV: use it with --format csv"))
    }

    @Test("The same input gives a byte-identical workbook on every run, at any thread count")
    func deterministic() throws {
        try withTemporaryDirectory { directory in
            var files: [Data] = []
            for threads in ["1", "2", "2"] {
                let path = directory.appendingPathComponent("w\(files.count).xlsx").path
                _ = try WorkbookReaders.abcxyz(["classify", "fixtures/example/transactions.csv", "--format", "xlsx",
                                                "--threads", threads, "-o", path])
                files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            #expect(files[0] == files[1] && files[1] == files[2])
            #expect(files[0].starts(with: [0x50, 0x4B, 0x03, 0x04]))  // "PK\3\4": a ZIP
        }
    }

    @Test("--excel CSV read with Python's csv module (';', decimal comma) equals the worked example's CSV",
          arguments: [("classify", "classify.csv"), ("winback", "winback.csv")])
    func excelCSVReadBack(command: String, golden: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("excel.csv").path
            _ = try WorkbookReaders.abcxyz([command, "fixtures/example/transactions.csv", "--format", "csv", "--excel",
                                            "-o", path])
            let run = try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                     ["python3", WorkbookReaders.script + "/read_excel_csv.py", path])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput == (try fixtureText("example/" + golden)))
        }
    }

    @Test("--excel CSV of hostile ids (one holds ';') reads back as the plain CSV")
    func excelCSVHostileIds() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("hostile.csv")
            try WorkbookReaders.hostileCSV.write(to: input)
            let path = directory.appendingPathComponent("excel.csv").path
            _ = try WorkbookReaders.abcxyz(["classify", input.path, "--format", "csv", "--excel", "-o", path])
            let excel = try String(contentsOfFile: path, encoding: .utf8)
            #expect(excel.contains(";\"a;b\"\n"))  // the manager id, quoted for ';'
            let run = try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                     ["python3", WorkbookReaders.script + "/read_excel_csv.py", path])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput == (try WorkbookReaders.abcxyz(["classify", input.path, "--format", "csv"])))
        }
    }
}

@Suite("The services and report workbooks, and the call-list columns, read back by openpyxl",
       .enabled(if: WorkbookReaders.openpyxlAvailable || WorkbookReaders.openpyxlRequired,
                "openpyxl could not be installed (python3 -m venv; pip install openpyxl): skipped; ABCXYZ_REQUIRE_OPENPYXL=1 makes this a failure"))
struct CallListWorkbookReadBackTests {
    @Test("services and winback --by service as workbooks hold the salon's CSV cell for cell",
          arguments: [(["services"], "salon/services.csv"), (["winback", "--by", "service"], "salon/winback-services.csv")])
    func servicesCellForCell(command: [String], golden: String) throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("s.xlsx")
            _ = try WorkbookReaders.abcxyz(command + ["fixtures/salon/transactions.csv", "--format", "xlsx",
                                                     "-o", workbook.path])
            #expect(try WorkbookReaders.readBack("csv", workbook) == (try fixtureText(golden)))
        }
    }

    /// The fields of one CSV line (quotes as RFC 4180 has them).
    static func fields(_ line: Substring) -> [String] {
        var fields = [""], quoted = false, previous: Character = " "
        for character in line {
            if character == "\"" {
                quoted.toggle()
                if quoted, previous == "\"" { fields[fields.count - 1].append("\"") }
            } else if character == ",", !quoted {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
            previous = character
        }
        return fields
    }

    /// `read_xlsx.py csv FILE SHEET`.
    static func sheet(_ name: String, _ workbook: URL) throws -> String {
        let run = try WorkbookReaders.openpyxl([WorkbookReaders.script + "/read_xlsx.py", "csv", workbook.path, name])
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput
    }

    @Test("The report's workbook: a sheet per section, typed, its win-back sheet the worked example's list")
    func reportWorkbook() throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("r.xlsx")
            _ = try WorkbookReaders.abcxyz(["report", "fixtures/example/transactions.csv", "--format", "xlsx",
                                            "-o", workbook.path])
            let layout = try WorkbookReaders.readBack("layout", workbook)
            let sheets = try #require(try JSONSerialization.jsonObject(with: Data(layout.utf8)) as? [[String: Any]])
            #expect(sheets.map { $0["name"] as? String } == ["summary", "matrix", "managers", "winback"])
            // All 9 clients fit the default --top 20: the sheet is winback.csv.
            #expect(try Self.sheet("winback", workbook) == (try fixtureText("example/winback.csv")))
            // fixtures/example/README.md: 84 rows read, population cycle 31 days, 29472.00 lost.
            let summary = try Self.sheet("summary", workbook).split(separator: "\n")
            #expect(summary[0] == "figure,count,money,rate,days,date")
            #expect(summary.contains("as_of,,,,,2025-06-30") && summary.contains("rows_read,84,,,,"))
            #expect(summary.contains("population_cycle_days,,,,31,") && summary.contains("ltv_loss,,29472.00,,,"))
            #expect(summary.contains("tier_1,2,18400.00,,,") && summary.contains("tier_4,1,620.00,,,"))
            // AX: ACME and Hal, 17750.00 in the window, shares 0.288385 + 0.176562, one active, one at risk.
            let matrix = try Self.sheet("matrix", workbook).split(separator: "\n")
            #expect(matrix[1] == "AX,2,17750.00,0.464947,1,1,0,7500.00,,")
            // The revenue column of classify.csv adds up to 33777.97.
            #expect(matrix.last == "all,13,33777.97,1.000000,4,1,8,29472.00,,")
        }
    }

    @Test("In service mode the report's workbook adds the services and masters sheets")
    func reportWorkbookServices() throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("r.xlsx")
            _ = try WorkbookReaders.abcxyz(["report", "fixtures/salon/transactions.csv", "--format", "xlsx",
                                            "-o", workbook.path])
            let json = try WorkbookReaders.abcxyz(["report", "fixtures/salon/transactions.csv", "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let services = try #require(report["services"] as? [[String: Any]])
            let rows = try Self.sheet("services", workbook).split(separator: "\n").dropFirst().map(Self.fields)
            // The same services, in the same order, with the JSON's pairs and cycles.
            #expect(rows.map { $0[0] } == services.map { ($0["service"] as? String).map { $0.isEmpty ? "(none)" : $0 } ?? "?" })
            #expect(rows.map { $0[4] } == services.map { "\($0["pairs"] as? Int ?? -1)" })
            #expect(rows.map { $0[1] } == services.map { "\($0["cycle_days"] as? Double ?? -1)".replacingOccurrences(of: ".0", with: "") })
            let masters = try Self.sheet("masters", workbook).split(separator: "\n")
            #expect(masters.count - 1 == services.reduce(0) { $0 + (($1["masters"] as? [Any])?.count ?? 0) })
        }
    }

    @Test("--columns extended and --keep-columns in a workbook: dates as dates, why and kept values as text")
    func callListColumnTypes() throws {
        try withTemporaryDirectory { directory in
            let workbook = directory.appendingPathComponent("w.xlsx")
            _ = try WorkbookReaders.abcxyz(["winback", "fixtures/call-list/1c-export.csv", "--format", "xlsx",
                                            "--columns", "extended", "--keep-columns", "Телефон", "-o", workbook.path])
            let types = try WorkbookReaders.readBack("types", workbook).split(separator: "\n").suffix(4)
            #expect(Array(types) == ["next_expected:date", "lost_since:date,empty", "Телефон:text", "why:text"])
            // A text cell needs no formula guard: the phone is as in the input.
            let rows = try WorkbookReaders.readBack("csv", workbook).split(separator: "\n")
            // Ромашка: own cycle 30.5 (31 and 30 days), 45 / 30.5 = 1.48 cycles, lost after 45.75 days.
            #expect(rows[1].hasSuffix(",2025-06-01,,+7 900 333-33-33,\"buys every 30.5 days; overdue: silent 45 days, "
                + "1.5 cycles; lost after 45 days; A: top 80 % of value; Z: too few purchases to tell\""))
        }
    }
}
