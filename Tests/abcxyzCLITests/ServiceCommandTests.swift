import Foundation
import Testing

@Suite("abcxyz services, winback --by service and --cycles, end to end")
struct ServiceCommandTests {
    @Test("On the salon, the four listings print the example's CSV byte for byte",
          arguments: [(["classify"], "salon/classify.csv"), (["winback"], "salon/winback.csv"),
                      (["services"], "salon/services.csv"), (["winback", "--by", "service"], "salon/winback-services.csv")])
    func salonGoldenCSV(command: [String], expected: String) throws {
        let run = try Binary.run(command + ["fixtures/salon/transactions.csv", "--format", "csv", "--threads", "2"])
        #expect(run.status == 0)
        #expect(run.standardOutput == (try fixtureText(expected)))
        #expect(run.standardError == "abcxyz: columns: client=client (1), date=date (2), amount=amount (3), "
            + "manager=manager (4), category=category (5)\n")
    }

    @Test("services JSON has the keys of the CSV; the table names the empty service (none)")
    func servicesJSONAndTable() throws {
        let json = try Binary.run(["services", "fixtures/salon/transactions.csv", "--format", "json"])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(objects.count == 13)
        let header = try fixtureText("salon/services.csv").split(separator: "\n")[0].split(separator: ",").map(String.init)
        #expect(Set(objects[0].keys) == Set(header))
        let hanna = try #require(objects.first { $0["client"] as? String == "Hanna" && $0["service"] as? String == "" })
        #expect(hanna["master"] is NSNull && hanna["cycle_days"] as? Double == 35 && hanna["tier"] as? Int == 1)
        let table = try Binary.run(["services", "fixtures/salon/transactions.csv"])
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines[0] == "13 client × service pairs of 9 clients as of 2025-06-16, each judged by its own cycle or "
            + "its service's (5 services)")
        #expect(lines.contains { $0.hasPrefix("Hanna     (none)  ") })
    }

    @Test("--cycles client with a category column judges per client; services refuse it")
    func cyclesOption() throws {
        let run = try Binary.run(["classify", "fixtures/salon/transactions.csv", "--format", "csv", "--cycles", "client"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("\nBella,12500.00,0.123023,A,,Z,2,2024-05-14,2024-11-20,35,208,lost,"))
        let refused = try Binary.run(["services", "fixtures/salon/transactions.csv", "--cycles", "client"])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("--cycles client"))
        let bad = try Binary.run(["winback", "fixtures/salon/transactions.csv", "--by", "manager"])
        #expect(bad.status == 64)
        #expect(try Binary.run(["--help"]).standardOutput.contains("services"))
        #expect(try Binary.run(["report", "--help"]).standardOutput.contains("--service-period"))
    }

    @Test("The report's services honour --service-period; without a category column the report has none")
    func servicePeriodOption() throws {
        let run = try Binary.run(["report", "fixtures/salon/transactions.csv", "--format", "json",
                                  "--service-period", "quarter"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let services = try #require(json["services"] as? [[String: Any]])
        // A quarter before 2025-06-16 for every service.
        #expect(services.allSatisfy { ($0["period"] as? [String: Any])?["start"] as? String == "2025-03-16" })
        let plain = try Binary.run(["report", "fixtures/example/transactions.csv", "--format", "json"])
        #expect(!plain.standardOutput.contains("\"services\""))
    }

    @Test("generate --services writes a category column and the truth per pair")
    func generateServices() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("s.csv").path
            let run = try Binary.run(["generate", "--rows", "3000", "--services", "-o", path, "-q"])
            #expect(run.status == 0)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("client,date,amount,manager,category\n"))
            #expect(text.split(separator: "\n").count == 3001)
            let truth = try String(contentsOfFile: directory.appendingPathComponent("s.truth.csv").path, encoding: .utf8)
            #expect(truth.hasPrefix("client,service,first_day,stopped,stop_date,cycle_days,typical_amount\n"))
            // Each service keeps its rhythm: botox pairs come far less often than manicure ones.
            func meanCycle(_ service: String) -> Double {
                let cycles = truth.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                    .filter { $0[1] == service }.compactMap { Double($0[5]) }
                return cycles.reduce(0, +) / Double(max(cycles.count, 1))
            }
            #expect(meanCycle("Botox") > 5 * meanCycle("Manicure"))
            let services = try Binary.run(["services", path, "--format", "csv"])
            #expect(services.status == 0)
            #expect(services.standardOutput.hasPrefix("client,service,purchases,"))
        }
    }
}
