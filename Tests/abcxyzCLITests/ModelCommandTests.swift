import Foundation
import Testing

/// `abcxyz model` end to end on the CDNOW sample and on bad input.
@Suite struct ModelCommandTests {
    static let cdnow = ["model", "fixtures/cdnow/cdnow_sample.csv", "--as-of", "1997-09-30",
                        "--occasions", "transaction-days"]

    /// `value` printed to the published number of decimals equals `published`.
    static func published(_ value: Any?, _ published: String) -> Bool {
        guard let value = value as? Double else { return false }
        let decimals = published.split(separator: ".").last.map(\.count) ?? 0
        return String(format: "%.\(decimals)f", value) == published
    }

    static func expectPublishedFit(_ json: [String: Any]) {
        let bg = json["bgnbd"] as! [String: Any], pareto = json["pareto_nbd"] as! [String: Any]
        let gg = json["gamma_gamma"] as! [String: Any]
        for (key, value) in [("r", "0.243"), ("alpha", "4.414"), ("a", "0.793"), ("b", "2.426"),
                             ("log_likelihood", "-9582.4")] {
            #expect(published(bg[key], value), "bgnbd \(key) = \(bg[key] ?? "nil"), published \(value)")
        }
        for (key, value) in [("r", "0.553"), ("alpha", "10.578"), ("s", "0.606"), ("beta", "11.669"),
                             ("log_likelihood", "-9595.0")] {
            #expect(published(pareto[key], value), "pareto_nbd \(key) = \(pareto[key] ?? "nil"), published \(value)")
        }
        for (key, value) in [("p", "6.25"), ("q", "3.74"), ("gamma", "15.44")] {
            #expect(published(gg[key], value), "gamma_gamma \(key) = \(gg[key] ?? "nil"), published \(value)")
        }
        #expect(Set(bg.keys) == ["r", "alpha", "a", "b", "log_likelihood", "iterations", "converged"])
        #expect(Set(pareto.keys) == ["r", "alpha", "s", "beta", "log_likelihood", "iterations", "converged"])
        #expect(Set(gg.keys) == ["p", "q", "gamma", "log_likelihood", "clients", "iterations", "converged"])
        #expect(bg["converged"] as? Bool == true && pareto["converged"] as? Bool == true
            && gg["converged"] as? Bool == true)
        #expect(json["clients"] as? Int == 2357 && json["repeaters"] as? Int == 946 && gg["clients"] as? Int == 946)
    }

    @Test func cdnowJSONHasTheDocumentedKeysAndThePublishedFits() throws {
        let run = try Binary.run(Self.cdnow + ["--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(Set(json.keys) == ["occasions", "unit", "clients", "repeaters", "bgnbd", "pareto_nbd", "gamma_gamma"])
        #expect(json["occasions"] as? String == "transaction-days" && json["unit"] as? String == "week")
        Self.expectPublishedFit(json)
    }

    @Test func aSummaryFileFitsToTheSameParameters() throws {
        // fixtures/cdnow/cdnow_summary.csv is worked out in Python by fixtures/cdnow/convert.py.
        let run = try Binary.run(["model", "--summary", "fixtures/cdnow/cdnow_summary.csv", "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(json["occasions"] is NSNull)
        Self.expectPublishedFit(json)
    }

    @Test func theTableNamesEachModelWithItsParameters() throws {
        let run = try Binary.run(Self.cdnow)
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines[0] == "2357 clients, 946 with a repeat occasion; occasions transaction-days, time in weeks, "
            + "as of 1997-09-30")
        #expect(lines[1].hasPrefix("BG/NBD       r 0.2426") && lines[1].contains("log-likelihood -9582.43"))
        #expect(lines[2].hasPrefix("Pareto/NBD   r 0.5533") && lines[2].contains("log-likelihood -9594.98"))
        #expect(lines[3].hasPrefix("Gamma-Gamma  p 6.2496") && lines[3].contains("946 clients"))
    }

    /// Eight clients fitted with transaction days at 2025-01-31: the Pareto/NBD's line search
    /// tries β far below α, where z rounds to 1 (it trapped in Hypergeometric2F1). The fits
    /// run out to the edge of their range and say they did not converge; nothing traps, no NaN.
    @Test func aFitThatRunsFarOutWarnsAndNeverTraps() throws {
        let example = "fixtures/example/transactions.csv"
        let model = try Binary.run(["model", example, "--as-of", "2025-01-31", "--occasions", "transaction-days"])
        #expect(model.status == 0, "\(model.standardError)")
        #expect(model.standardError.contains("the Pareto/NBD fit did not converge"))
        #expect(!model.standardOutput.lowercased().contains("nan"))
        // Every parameter keeps a space before the next name, however wide its value.
        #expect(model.standardOutput.split(separator: "\n").contains { $0.hasPrefix("Pareto/NBD") && $0.contains(" alpha ") })
        for command in [["classify", example, "--as-of", "2025-01-31"], ["backtest", example, "--cut", "2025-01-31"]] {
            let run = try Binary.run(command + ["--model", "pareto-nbd", "--occasions", "transaction-days", "-q"])
            #expect(run.status == 0, "\(command[0]): \(run.standardError)")
            #expect(!run.standardOutput.lowercased().contains("nan"), "\(command[0])")
        }
    }

    @Test func aFitThatFailsExitsWithDataErrorAndTheReason() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("once.csv")
            try "client,date,amount\na,2024-01-01,5\nb,2024-02-01,7\n".write(to: file, atomically: true, encoding: .utf8)
            let run = try Binary.run(["model", file.path])
            #expect(run.status == 65)
            #expect(run.standardError.contains("BG/NBD fit failed: no client bought more than once"))
            #expect(run.standardOutput.isEmpty)
        }
    }

    @Test func aBadSummaryRowNamesFileLineAndColumn() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("summary.csv")
            try "x,t_x,T\n1,2,5\n2,7,5\n".write(to: file, atomically: true, encoding: .utf8)
            let run = try Binary.run(["model", "--summary", file.path])
            #expect(run.status == 65)
            #expect(run.standardError == "\(file.path):3:5: error: T must be a number ≥ t_x (7.0), got '5'\n")
        }
    }

    @Test func summaryAndAFileTogetherIsAUsageError() throws {
        let run = try Binary.run(["model", "fixtures/cdnow/cdnow_sample.csv", "--summary", "x.csv"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("not both"))
    }
}
