import Foundation
import Testing

/// `winback`'s filters and orders, `--columns extended` and `--keep-columns`, end to end on the
/// worked example (fixtures/example/winback.csv lists its 9 clients) and a 1C-style export.
@Suite("The call list on the command line")
struct CallListCLITests {
    static let example = "fixtures/example/transactions.csv"

    /// The lines of fixtures/example/winback.csv by client: a filtered list must print these
    /// exact lines (same figures, same rank), only fewer of them or in another order.
    static func goldenLines() throws -> [String: String] {
        var lines: [String: String] = [:]
        for line in try fixtureText("example/winback.csv").split(separator: "\n").dropFirst() {
            let client = line.hasPrefix("8,\"Smith") ? "Smith, J." : String(line.split(separator: ",")[1])
            lines[client] = String(line)
        }
        return lines
    }

    static func winback(_ options: [String]) throws -> (clients: [String], run: Binary.Run) {
        let run = try Binary.run(["winback", example, "--format", "csv"] + options)
        #expect(run.status == 0, "\(run.standardError)")
        let golden = try goldenLines()
        var lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
            + "last_purchase,manager")
        let clients = lines.map { line in golden.first { $0.value == line }?.key ?? "not a golden line: \(line)" }
        return (clients, run)
    }

    @Test("Each filter keeps the rows worked out by hand, each with its figures and rank on the whole list",
          arguments: [
              // Tiers 1 and 2: Bolt, Hal (1), Dan, Ivy, Jon (2).
              (["--tier", "1,2"], ["Bolt", "Hal", "Dan", "Ivy", "Jon"]),
              (["--tier", "4"], ["Eve"]),
              (["--status", "at-risk"], ["Hal"]),
              (["--status", "lost"], ["Bolt", "Dan", "Ivy", "Jon", "Old", "Gus", "Smith, J.", "Eve"]),
              (["--manager", "Boris"], ["Ivy", "Jon", "Gus"]),
              (["--manager", "(none)"], ["Smith, J.", "Eve"]),
              (["--manager", ""], ["Smith, J.", "Eve"]),
              (["--manager", "Anna", "--manager", "(none)"], ["Bolt", "Hal", "Dan", "Old", "Smith, J.", "Eve"]),
              // Lost since (last + floor(1.5 × cycle) + 1): Eve 06-20 and Gus 05-16 are within 60 days of
              // 2025-06-30, Smith 04-17 (74 days) is not; Hal is at risk and stays.
              (["--lost-within", "60"], ["Hal", "Gus", "Eve"]),
              (["--lost-within", "10"], ["Hal"]),  // Eve: 10 days ago, not within the last 10 (as-of is one)
              (["--lost-within", "11"], ["Hal", "Eve"]),
              (["--top", "3"], ["Bolt", "Hal", "Dan"]),
              (["--top", "0"], []),
              (["--tier", "3", "--manager", "Anna"], ["Old"]),
          ])
    func filter(options: [String], expected: [String]) throws {
        #expect(try Self.winback(options).clients == expected)
    }

    @Test("Each order, worked out by hand; ties by client id", arguments: [
        (["--order", "tier"], ["Bolt", "Hal", "Dan", "Ivy", "Jon", "Old", "Gus", "Smith, J.", "Eve"]),
        // Value lost: 10900, 7500, 5000, 2400, 1000 (Ivy before Jon), 1000, 750, 620, 302.
        (["--order", "value"], ["Bolt", "Hal", "Dan", "Old", "Ivy", "Jon", "Gus", "Eve", "Smith, J."]),
        // At risk first (Hal), then lost since: Eve 2025-06-20, Gus 05-16, Smith 04-17, Dan 03-20,
        // Bolt 02-26, Ivy and Jon 2024-12-18, Old 2023-08-16.
        (["--order", "recency"], ["Hal", "Eve", "Gus", "Smith, J.", "Dan", "Bolt", "Ivy", "Jon", "Old"]),
        (["--order", "recency", "--status", "lost", "--top", "3"], ["Eve", "Gus", "Smith, J."]),
        (["--order", "value", "--manager", "Boris", "--top", "2"], ["Ivy", "Jon"]),
    ])
    func order(options: [String], expected: [String]) throws {
        #expect(try Self.winback(options).clients == expected)
    }

    @Test("Rows left out are counted on standard error, or in the table's caption; --quiet drops the line")
    func leftOutCounted() throws {
        // Without --quiet the run also names the columns it read and counts the amounts it rounded
        // (the worked example has two); those notes are not this test's.
        func selectionNotes(_ run: Binary.Run) -> String {
            run.standardError.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("abcxyz: columns:") && !$0.contains("amounts had more decimals") }
                .joined(separator: "\n")
        }
        let csv = try Self.winback(["--tier", "1,2", "--status", "lost"]).run
        #expect(selectionNotes(csv) == "abcxyz: 4 of the 9 clients on the win-back list printed, 5 left out by "
            + "--tier 1,2 --status lost\n")
        #expect(try Self.winback(["--tier", "1,2", "--quiet"]).run.standardError.isEmpty)
        #expect(selectionNotes(try Self.winback(["--order", "value"]).run).isEmpty)  // an order leaves nothing out
        let table = try Binary.run(["winback", Self.example, "--manager", "Boris"])
        #expect(selectionNotes(table).isEmpty)
        #expect(table.standardOutput.split(separator: "\n")[0].hasSuffix("; 3 of 9 shown, 6 left out"))
    }

    @Test("Bad selections are usage errors that say what to give")
    func badSelections() throws {
        for (options, message) in [
            (["--manager", "Bob"], "no manager is named 'Bob'"),
            (["--tier", "5"], "--tier expects tiers 1–4"),
            (["--status", "active"], "--status must be one of at-risk, lost"),
            (["--lost-within", "0"], "--lost-within expects a whole number of days, 1 or more"),
            (["--order", "name"], "--order must be one of tier, value, recency"),
        ] {
            let run = try Binary.run(["winback", Self.example] + options)
            #expect(run.status == 64 && run.standardError.contains(message), "\(options): \(run.standardError)")
        }
    }

    @Test("--columns extended appends next_expected and lost_since (by hand from last purchase and cycle)")
    func extendedColumns() throws {
        let run = try Binary.run(["winback", Self.example, "--format", "csv", "--columns", "extended"])
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines[0].hasSuffix(",manager,next_expected,lost_since"))
        // Bolt: 2025-01-10 + 31 = 02-10; lost from 47 days on (46.5 < 47): 02-26.
        #expect(lines[1] == "1,Bolt,1,A,Y,lost,10900.00,10900.00,171,31,2025-01-10,Anna,2025-02-10,2025-02-26")
        // Hal: 2025-03-03 + 91 = 06-02; at risk, so not lost.
        #expect(lines[2] == "2,Hal,1,A,X,at-risk,7500.00,7500.00,119,91,2025-03-03,Anna,2025-06-02,")
        // Old: cycle 30.5 rounds up to 31 days (2023-08-01); 1.5 × 30.5 = 45.75, lost from day 46: 08-16.
        #expect(lines[6] == "6,Old,3,B,Z,lost,2400.00,2400.00,730,30.5,2023-07-01,Anna,2023-08-01,2023-08-16")
        let classify = try Binary.run(["classify", Self.example, "--format", "json", "--columns", "extended"])
        // ACME, active: 2025-06-15 + 31 = 07-16, no lost_since.
        #expect(classify.standardOutput.contains("\"manager\":\"Boris\",\"next_expected\":\"2025-07-16\",\"lost_since\":null}"))
        let table = try Binary.run(["winback", Self.example, "--columns", "extended"])
        let bolt = table.standardOutput.split(separator: "\n")[2]
        #expect(bolt.hasSuffix("2025-02-10     2025-02-26  buys every 31 days; silent 171 days, 5.5 cycles; "
            + "A: top 80 % of value; Y: steady within 25 %"))
    }

    @Test("Without the new options every output is SPEC §11's, byte for byte",
          arguments: [("classify", "example/classify.csv"), ("winback", "example/winback.csv")])
    func defaultUnchanged(command: String, golden: String) throws {
        let run = try Binary.run([command, Self.example, "--format", "csv", "--columns", "spec", "--order", "tier"]
            .filter { command == "winback" || ($0 != "--order" && $0 != "tier") })
        #expect(run.standardOutput == (try fixtureText(golden)))
    }

    @Test("--keep-columns carries a 1C export's Cyrillic columns to classify, winback and services")
    func keepColumnsFrom1C() throws {
        let file = "fixtures/call-list/1c-export.csv"
        // Ромашка: the later of the two 05-01 phones, the tax id of 04-01; Лютик: the refund row's
        // phone (latest), the first row's tax id; Василёк: none. The formula guard puts ' before +.
        let classify = try Binary.run(["classify", file, "--format", "csv", "--keep-columns", "телефон,инн"])
        #expect(classify.status == 0, "\(classify.standardError)")
        #expect(classify.standardOutput == """
            client,revenue,share,abc,cv,xyz,purchases,first_purchase,last_purchase,cycle_days,recency_days,status,\
            annual_value,aov,ltv_loss,tier,manager,Телефон,ИНН
            ОАО Ромашка,4000.00,0.941176,A,,Z,3,2025-03-01,2025-05-01,30.5,45,at-risk,4000.00,1333.33,4000.00,2,,\
            '+7 900 333-33-33,7701000001
            ООО Василёк,250.00,0.058824,B,,Z,1,2025-06-15,2025-06-15,30.5,0,active,250.00,250.00,0.00,,,,
            ИП Лютик,0.00,0.000000,C,,Z,1,2025-01-10,2025-01-10,30.5,156,lost,0.00,0.00,0.00,4,,8 (812) 999-99-99,\
            780100000001

            """)
        // After the extended columns; the table puts why last.
        let winback = try Binary.run(["winback", file, "--format", "csv", "--columns", "extended",
                                      "--keep-columns", "ИНН", "--formula-guard", "off"])
        #expect(winback.standardOutput.split(separator: "\n").map(String.init) == [
            "rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,last_purchase,manager,"
                + "next_expected,lost_since,ИНН",
            "1,ОАО Ромашка,2,A,Z,at-risk,4000.00,4000.00,45,30.5,2025-05-01,,2025-06-01,,7701000001",
            "2,ИП Лютик,4,C,Z,lost,0.00,0.00,156,30.5,2025-01-10,,2025-02-10,2025-02-25,780100000001",
        ])
        let table = try Binary.run(["winback", file, "--columns", "extended", "--keep-columns", "Телефон"])
        #expect(table.standardOutput.split(separator: "\n")[1].hasSuffix("lost since  Телефон            why"))
        let services = try Binary.run(["services", file, "--format", "csv", "--keep-columns", "Телефон"])
        #expect(services.standardOutput.split(separator: "\n")[0].hasSuffix(",master,Телефон"))
    }

    @Test("A kept column not in the header is a usage error (64) that lists the header")
    func unknownKeptColumn() throws {
        let run = try Binary.run(["winback", "fixtures/call-list/1c-export.csv", "--keep-columns", "Телефон,Phone"])
        #expect(run.status == 64)
        #expect(run.standardError.hasPrefix("abcxyz winback: fixtures/call-list/1c-export.csv: --keep-columns: no "
            + "column named 'Phone'; the header has: Клиент, Дата, Сумма, Телефон, ИНН\nUsage: abcxyz winback"))
        let client = try Binary.run(["classify", "fixtures/call-list/1c-export.csv", "--keep-columns", "клиент"])
        #expect(client.status == 64 && client.standardError.contains("'клиент' is the client column"))
    }

    @Test("The report's win-back list takes the same filters and order; its figures stay the whole data's")
    func reportSelection() throws {
        let run = try Binary.run(["report", Self.example, "--format", "json", "--tier", "1,2", "--order", "value",
                                  "--top", "4", "--columns", "extended"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let winBack = try #require(json["win_back"] as? [String: Any])
        #expect(winBack["count"] as? Int == 9 && winBack["selected"] as? Int == 5)
        let top = try #require(winBack["top"] as? [[String: Any]])
        // Tiers 1-2 by value lost: Bolt 10900 (1), Hal 7500 (2), Dan 5000 (3), Ivy 1000 (4).
        #expect(top.map { $0["client"] as? String } == ["Bolt", "Hal", "Dan", "Ivy"])
        #expect(top.map { $0["rank"] as? Int } == [1, 2, 3, 4])
        #expect(top[0]["lost_since"] as? String == "2025-02-26" && top[1]["lost_since"] is NSNull)
        #expect((json["ltv_loss"] as? [String: Any])?["total"] as? Double == 29472.00)
        let markdown = try Binary.run(["report", Self.example, "--format", "markdown", "--manager", "Boris"])
        #expect(markdown.standardOutput.contains("3 of the 9 clients to win back pass the filters (6 left out); the "
            + "first 3 shown, each with its rank on the whole list."))
        #expect(markdown.standardOutput.contains("\n| 4 | Ivy | 2 | BX | lost |"))
        let plain = try Binary.run(["report", Self.example, "--format", "json"])
        #expect(!plain.standardOutput.contains("\"selected\"") && !plain.standardOutput.contains("next_expected"))
    }
}

/// The merge of the call list with `--model`: the model's columns sit between SPEC §11's and the
/// call list's, and a filtered or reordered list keeps each client's own model figures.
@Suite("The call list with --model")
struct CallListModelCLITests {
    /// Each client's `p_alive,clv` cells, by client, from a CSV whose last two columns are they.
    static func modelCells(_ csv: String) -> [String: String] {
        var cells: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            cells[String(fields[1])] = fields.suffix(2).joined(separator: ",")
        }
        return cells
    }

    @Test("winback --model --columns extended: SPEC columns, then p_alive and clv, then next_expected and lost_since")
    func modelColumnsComeBeforeTheExtendedOnes() throws {
        let run = try Binary.run(["winback", CallListCLITests.example, "--format", "csv", "--model", "bgnbd",
                                  "--columns", "extended", "--top", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let header = run.standardOutput.split(separator: "\n").first.map(String.init)
        #expect(header == "rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
            + "last_purchase,manager,p_alive,clv,next_expected,lost_since")
    }

    @Test("A filtered, reordered win-back list prints each client's p_alive and clv from the whole list's row")
    func selectionKeepsEachClientsModelFigures() throws {
        let whole = try Binary.run(["winback", CallListCLITests.example, "--format", "csv", "--model", "bgnbd"])
        let chosen = try Binary.run(["winback", CallListCLITests.example, "--format", "csv", "--model", "bgnbd",
                                     "--order", "recency", "--tier", "1,2,4"])
        #expect(whole.status == 0 && chosen.status == 0, "\(whole.standardError)\(chosen.standardError)")
        let all = Self.modelCells(whole.standardOutput)
        let picked = Self.modelCells(chosen.standardOutput)
        // Tiers 1, 2 and 4 of the worked example: Bolt, Hal, Dan, Ivy, Jon, Eve.
        #expect(Set(picked.keys) == ["Bolt", "Hal", "Dan", "Ivy", "Jon", "Eve"])
        for (client, cells) in picked { #expect(cells == all[client], "\(client)") }
    }
}
