import Foundation
import Testing

/// One case of `fixtures/bad/expected.json`.
struct BadInputCase: Decodable, CustomTestStringConvertible, Sendable {
    let file: String
    let arguments: [String]
    let status: Int32
    let stderr: String
    var testDescription: String { file.isEmpty ? "(a directory)" : "\(file) \(arguments.joined(separator: " "))" }

    static let all: [BadInputCase] = {
        struct Manifest: Decodable { let cases: [BadInputCase] }
        let url = repositoryRoot.appendingPathComponent("fixtures/bad/expected.json")
        return (try? JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url)).cases) ?? []
    }()
}

@Suite("Broken exports (fixtures/bad)")
struct BadInputTests {
    @Test("The manifest covers every file in fixtures/bad")
    func manifestCoversEveryFile() throws {
        let directory = repositoryRoot.appendingPathComponent("fixtures/bad")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
        #expect(BadInputCase.all.count >= 27)
        #expect(Set(files).isSubset(of: Set(BadInputCase.all.map(\.file))))
    }

    @Test("Each broken export gives its documented exit status and one-line message", arguments: BadInputCase.all)
    func documentedError(_ bad: BadInputCase) throws {
        let run = try Binary.run(["classify", "fixtures/bad/\(bad.file)", "--format", "csv"] + bad.arguments)
        #expect(run.status == bad.status)
        #expect(run.standardError == bad.stderr + "\n")
        if bad.status != 0 { #expect(run.standardOutput.isEmpty) }
    }

    @Test("--rejects writes the rows left out with their line and reason, verbatim")
    func rejectsFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Binary.run(["classify", "fixtures/bad/several-bad-rows.csv", "--rejects", path, "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.standardError.hasSuffix("rejected rows in \(path)\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            line,column,field,reason,record
            3,14,amount,bad amount 'x' in column 'amount',"B,2025-01-02,x"
            5,3,date,no such day '2025-13-01' in column 'date',"D,2025-13-01,1"
            6,1,client,empty client in column 'client',",2025-01-05,2"
            7,1,,"expected 3 fields as in the header, found 4","E,2025-01-06,3,extra"

            """)
        let conflict = try Binary.run(["classify", "fixtures/bad/several-bad-rows.csv", "--rejects", path, "--on-error", "stop"])
        #expect(conflict.status == 64)
    }

    @Test("Ids a spreadsheet would run as formulas are guarded in CSV, money is not, and the guard can be turned off")
    func formulaGuard() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("sales.csv").path
            try "client,date,amount,manager\n=1+2,2025-01-01,10,@boss\n+7 495,2025-01-02,3,\nplain,2025-01-02,1,-\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            let guarded = try Binary.run(["classify", path, "--format", "csv"]).standardOutput
            #expect(guarded.contains("\n'=1+2,10.00,") && guarded.contains(",'@boss\n"))
            #expect(guarded.contains("\n'+7 495,3.00,") && guarded.contains(",'-\n"))
            let raw = try Binary.run(["classify", path, "--format", "csv", "--formula-guard", "off"]).standardOutput
            #expect(raw.contains("\n=1+2,10.00,") && raw.contains(",@boss\n"))
        }
    }
}
