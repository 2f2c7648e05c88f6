import Foundation
import Testing

/// `classify --model`, `winback --model` and `report --model` end to end (SPEC §14).
@Suite struct ModelColumnsTests {
    static let cdnow = ["fixtures/cdnow/cdnow_sample.csv", "--as-of", "1997-09-30", "--occasions", "transaction-days",
                        "--model", "bgnbd", "--quiet"]
    static let classifyHeader = "client,revenue,share,abc,cv,xyz,purchases,first_purchase,last_purchase,cycle_days,"
        + "recency_days,status,annual_value,aov,ltv_loss,tier,manager"
    static let winBackHeader = "rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
        + "last_purchase,manager"

    /// RFC 4180 records of a CSV text, each a dictionary by the header's names.
    static func records(_ text: String) -> (header: [String], rows: [[String: String]]) {
        var lines: [[String]] = [], fields: [String] = [], field = "", quoted = false, afterQuote = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else { field.append(character) }
                continue
            }
            if character == "\"" {
                if afterQuote { field.append("\"") }   // "" inside a quoted field
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else if character == "\n" {
                fields.append(field)
                lines.append(fields)
                fields = []
                field = ""
            } else {
                field.append(character)
            }
            afterQuote = false
        }
        let header = lines.first ?? []
        return (header, lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    static func run(_ arguments: [String]) throws -> String {
        let run = try Binary.run(arguments)
        #expect(run.status == 0, "\(arguments): \(run.standardError)")
        return run.standardOutput
    }

    @Test func classifyOnCDNOWAgreesWithValuesWorkedOutIndependently() throws {
        // fixtures/cdnow/classify_model_reference.csv: Tests/Model/make_classify_reference.py, its own
        // summary, its own BG/NBD and Gamma-Gamma fits (scipy) and mpmath's 2F1 at 40 digits.
        let reference = Self.records(try fixtureText("cdnow/classify_model_reference.csv")).rows
        #expect(reference.count == 12)
        let (header, rows) = Self.records(try Self.run(["classify"] + Self.cdnow + ["--format", "csv"]))
        #expect(header.joined(separator: ",") == Self.classifyHeader + ",p_alive,expected_purchases,expected_spend,clv")
        // 2 357 clients in the fit; the 8 whose every row is a $0 order have no purchase day, so no line.
        #expect(rows.count == 2349)
        let byClient = Dictionary(uniqueKeysWithValues: rows.map { ($0["client"]!, $0) })
        for expected in reference {
            let client = expected["client"]!
            let row = try #require(byClient[client], "client \(client)")
            func value(_ row: [String: String], _ key: String) -> Double { Double(row[key]!)! }
            for key in ["p_alive", "expected_purchases"] {
                #expect(row[key]!.split(separator: ".").last?.count == 6, "\(client) \(key) \(row[key]!)")
                // 6 decimals printed: half a millionth, and the two optimisers' last digits.
                #expect(abs(value(row, key) - value(expected, key)) <= 0.5e-6 + 1e-7 * value(expected, key),
                        "\(client) \(key): \(row[key]!) vs \(expected[key]!)")
            }
            for key in ["expected_spend", "clv"] {
                #expect(row[key]!.split(separator: ".").last?.count == 2, "\(client) \(key) \(row[key]!)")
                #expect(abs(value(row, key) - value(expected, key)) <= 0.005 + 1e-6 * value(expected, key),
                        "\(client) \(key): \(row[key]!) vs \(expected[key]!)")
            }
        }
    }

    @Test func winbackAppendsPAliveAndCLVOfTheSameClients() throws {
        let (header, list) = Self.records(try Self.run(["winback"] + Self.cdnow + ["--format", "csv"]))
        #expect(header.joined(separator: ",") == Self.winBackHeader + ",p_alive,clv")
        let classified = Dictionary(uniqueKeysWithValues: Self.records(
            try Self.run(["classify"] + Self.cdnow + ["--format", "csv"])).rows.map { ($0["client"]!, $0) })
        #expect(list.count == classified.values.filter { $0["status"] != "active" }.count)
        for row in list {
            let client = classified[row["client"]!]!
            #expect(row["p_alive"] == client["p_alive"] && row["clv"] == client["clv"], "\(row["client"]!)")
        }
    }

    @Test(arguments: ["classify", "winback"])
    func theModelAddsColumnsAndChangesNoOtherByte(command: String) throws {
        let plain = try Self.run([command, "fixtures/example/transactions.csv", "--format", "csv"])
        let modelled = try Self.run([command, "fixtures/example/transactions.csv", "--format", "csv", "--model", "bgnbd",
                                     "--quiet"])
        let added = command == "classify" ? 4 : 2
        let plainLines = plain.split(separator: "\n"), modelledLines = modelled.split(separator: "\n")
        #expect(plainLines.count == modelledLines.count)
        for (line, longer) in zip(plainLines, modelledLines) {
            // No model column holds a comma, so the last `added` commas start them.
            var cut = longer.endIndex
            for _ in 0..<added { cut = longer[..<cut].lastIndex(of: ",")! }
            #expect(longer[..<cut] == line)
        }
    }

    @Test func undefinedSpendIsEmptyInCSVAndNullInJSON() throws {
        // On the worked example Gamma-Gamma's q is below 1 (from `abcxyz model`), so the population mean spend
        // p·γ/(q−1) is undefined: Dan, with one purchase day (x = 0), has no expected spend and no CLV.
        let fit = try JSONSerialization.jsonObject(with: Data(try Self.run(["model", "fixtures/example/transactions.csv",
                                                                            "--format", "json", "--quiet"]).utf8))
        let q = try #require(((fit as? [String: Any])?["gamma_gamma"] as? [String: Any])?["q"] as? Double)
        #expect(q < 1)
        let csv = Self.records(try Self.run(["classify", "fixtures/example/transactions.csv", "--format", "csv",
                                             "--model", "bgnbd", "--quiet"])).rows
        let dan = try #require(csv.first { $0["client"] == "Dan" })
        #expect(dan["purchases"] == "1" && dan["p_alive"] == "1.000000")   // BG/NBD: P(alive) = 1 at x = 0
        #expect(dan["expected_spend"] == "" && dan["clv"] == "")
        let json = try JSONSerialization.jsonObject(with: Data(try Self.run([
            "classify", "fixtures/example/transactions.csv", "--format", "json", "--model", "bgnbd", "--quiet",
        ]).utf8)) as! [[String: Any]]
        let danJSON = try #require(json.first { $0["client"] as? String == "Dan" })
        #expect(danJSON["expected_spend"] is NSNull && danJSON["clv"] is NSNull)
        #expect(danJSON["p_alive"] as? Double == 1)
    }

    @Test func modelOptionsWithoutModelAreAUsageError() throws {
        let run = try Binary.run(["classify", "fixtures/example/transactions.csv", "--discount", "0.02"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--discount applies to the model: add --model bgnbd"))
    }

    @Test func aFitThatFailsStopsClassifyWithDataError() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("once.csv")
            try "client,date,amount\na,2024-01-01,5\nb,2024-02-01,7\n".write(to: file, atomically: true, encoding: .utf8)
            let run = try Binary.run(["classify", file.path, "--model", "bgnbd"])
            #expect(run.status == 65)
            #expect(run.standardError.contains("BG/NBD fit failed: no client bought more than once"))
            #expect(run.standardOutput.isEmpty)
        }
    }

    @Test func theReportsModelFiguresFollowFromThePerClientColumns() throws {
        let example = ["fixtures/example/transactions.csv", "--model", "bgnbd", "--quiet"]
        let rows = Self.records(try Self.run(["classify"] + example + ["--format", "csv"])).rows
        let report = try JSONSerialization.jsonObject(with: Data(try Self.run(["report"] + example + ["--format", "json"]).utf8))
            as! [String: Any]
        let model = try #require(report["model"] as? [String: Any])
        #expect(model["name"] as? String == "bgnbd" && model["occasions"] as? String == "purchase-days")
        // The fit is the one `abcxyz model` makes on its own walk over the file.
        let fit = try JSONSerialization.jsonObject(with: Data(try Self.run(["model", "fixtures/example/transactions.csv",
                                                                            "--format", "json", "--quiet"]).utf8)) as! [String: Any]
        let bgnbd = fit["bgnbd"] as! [String: Any]
        let parameters = try #require(model["parameters"] as? [String: Double])
        #expect(parameters == ["r": bgnbd["r"] as! Double, "alpha": bgnbd["alpha"] as! Double,
                               "a": bgnbd["a"] as! Double, "b": bgnbd["b"] as! Double])
        #expect(model["log_likelihood"] as? Double == bgnbd["log_likelihood"] as? Double)
        #expect(model["converged"] as? Bool == true)

        // P(alive) by status: the printed column, counted in tenths; the median of each status.
        let statuses = try #require(model["p_alive_by_status"] as? [[String: Any]])
        #expect(statuses.map { $0["status"] as? String } == ["active", "at-risk", "lost"])
        for entry in statuses {
            let values = rows.filter { $0["status"] == entry["status"] as? String }.map { Double($0["p_alive"]!)! }.sorted()
            var bins = [Int](repeating: 0, count: 10)
            for value in values { bins[min(9, Int((value * 10).rounded(.down)))] += 1 }
            #expect(entry["clients"] as? Int == values.count)
            #expect(entry["bins"] as? [Int] == bins, "\(entry)")
            let median = values.count % 2 == 1 ? values[values.count / 2]
                : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
            #expect(abs((entry["median"] as? Double ?? -1) - median) <= 1e-6, "\(entry)")
        }
        // Worked out by hand from the classify column: active 0.932755, 0.957658, 0.865782, 0.809414
        // (two in 0.8–0.9, two in 0.9–1); at-risk Hal 0.643528; lost: 0.003174, 0.066664 twice, 0.133003,
        // 0.296872, 0.520299, 0.518411, 1.000000.
        #expect(statuses[0]["bins"] as? [Int] == [0, 0, 0, 0, 0, 0, 0, 0, 2, 2])
        #expect(statuses[1]["bins"] as? [Int] == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
        #expect(statuses[2]["bins"] as? [Int] == [3, 1, 1, 0, 0, 2, 0, 0, 0, 1])

        // CLV by tier and by cell: the sums of the clv column (Dan's is empty: no CLV).
        func cents(_ text: String?) -> Int? { text.flatMap { $0.isEmpty ? nil : Int($0.replacingOccurrences(of: ".", with: "")) } }
        func sum(_ filter: ([String: String]) -> Bool) -> Int? {
            let values = rows.filter(filter).compactMap { cents($0["clv"]) }
            return values.isEmpty ? nil : values.reduce(0, +)
        }
        func jsonCents(_ value: Any?) -> Int? { (value as? Double).map { Int(($0 * 100).rounded()) } }
        for entry in try #require(model["clv_by_tier"] as? [[String: Any]]) {
            let tier = String(entry["tier"] as! Int)
            #expect(jsonCents(entry["clv"]) == sum { $0["tier"] == tier }, "tier \(tier)")
            #expect(entry["clients"] as? Int == rows.filter { $0["tier"] == tier }.count)
        }
        for entry in try #require(model["clv_by_cell"] as? [[String: Any]]) {
            let abc = entry["abc"] as! String, xyz = entry["xyz"] as! String
            let inCell = { (row: [String: String]) in row["abc"] == abc && row["xyz"] == xyz }
            let expected = rows.contains(where: inCell) ? sum(inCell) : 0   // an empty cell holds 0.00
            #expect(jsonCents(entry["clv"]) == expected, "\(abc)\(xyz)")
        }
        // Tier 2: Dan (none), Ivy and Jon 70.83 each: 141.66 for 2 clients with a CLV, average 70.83.
        let tier2 = (model["clv_by_tier"] as! [[String: Any]])[1]
        #expect(tier2["clients"] as? Int == 3 && tier2["clients_with_clv"] as? Int == 2)
        #expect(jsonCents(tier2["clv"]) == 14_166 && jsonCents(tier2["average_clv"]) == 7_083)
        #expect(jsonCents((model["clv_total"] as? [String: Any])?["clv"]) == sum { _ in true })
    }

    @Test(arguments: ["table", "markdown"])
    func theReportShowsTheModelSectionOnlyWithTheModel(format: String) throws {
        let plain = try Self.run(["report", "fixtures/example/transactions.csv", "--format", format])
        let modelled = try Self.run(["report", "fixtures/example/transactions.csv", "--format", format, "--model", "bgnbd",
                                     "--quiet"])
        #expect(!plain.contains("Probabilistic model") && !plain.uppercased().contains("PROBABILISTIC MODEL"))
        #expect(modelled.uppercased().contains("PROBABILISTIC MODEL (BG/NBD)"))
        #expect(modelled.contains("0.9–1") && modelled.contains("active (no tier)") && modelled.contains("average CLV"))
    }
}
