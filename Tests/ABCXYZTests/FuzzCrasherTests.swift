@testable import ABCXYZ
import ABCXYZTestSupport
import Foundation
import Testing

@Suite("The fuzzer's checks on saved inputs")
struct FuzzCrasherTests {
    /// Inputs the fuzzer once found (with their three option bytes), and every fixture behind a
    /// few option bytes: reading (error policy, date order, delimiter, pieces) and method (scale
    /// 0–6, period, window, ABC and XYZ measures, cycles, minimum periods, lost factor).
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
            for control: [UInt8] in [[0x00, 0x00, 0x00], [0x01, 0x01, 0x01], [0x26, 0x2E, 0x02], [0x47, 0xCB, 0x8D],
                                     [0x81, 0x66, 0x34], [0xA6, 0xF6, 0x5B], [0x20, 0xA4, 0xFF]] {
                inputs.append(("\(name) @\(control)", control + Array(data)))
            }
        }
        return inputs
    }()

    @Test("Every saved input passes the fuzzer's checks: one piece and many agree, every row is accounted for")
    func savedInputs() {
        #expect(Self.inputs.count >= 250)  // 40 fixtures × 7 option sets, and any crashers
        for input in Self.inputs {
            let findings = input.bytes.withUnsafeBufferPointer { ReaderSelfCheck.findings($0) }
            #expect(findings.isEmpty, "\(input.name): \(findings.map(\.description).joined(separator: "; "))")
        }
    }
}
