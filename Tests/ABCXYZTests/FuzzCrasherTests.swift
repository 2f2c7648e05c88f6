@testable import ABCXYZ
import Foundation
import Testing

@Suite("The fuzzer's checks on saved inputs")
struct FuzzCrasherTests {
    /// Inputs the fuzzer once found (with their option byte), and every fixture behind a few option bytes.
    static let inputs: [(name: String, bytes: [UInt8])] = {
        var inputs: [(String, [UInt8])] = []
        let crashers = fixtures.appendingPathComponent("bad/fuzz-crashers")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: crashers.path)) ?? []).sorted()
        where !name.hasPrefix(".") {
            if let data = FileManager.default.contents(atPath: crashers.appendingPathComponent(name).path) {
                inputs.append(("fuzz-crashers/\(name)", Array(data)))
            }
        }
        let bad = fixtures.appendingPathComponent("bad")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: bad.path)) ?? []).filter { $0.hasSuffix(".csv") }
        for name in files.sorted() + ["../example/transactions.csv"] {
            guard let data = FileManager.default.contents(atPath: bad.appendingPathComponent(name).path) else { continue }
            for control: UInt8 in [0x00, 0x01, 0x26, 0x47, 0x81, 0xA6] { inputs.append(("\(name) @\(control)", [control] + Array(data))) }
        }
        return inputs
    }()

    @Test("Every saved input passes the fuzzer's checks: one piece and many agree, every row is accounted for")
    func savedInputs() {
        #expect(Self.inputs.count >= 150)  // 25 fixtures × 6 option bytes, and any crashers
        for input in Self.inputs {
            input.bytes.withUnsafeBufferPointer { ReaderSelfCheck.run($0) }
        }
    }
}
