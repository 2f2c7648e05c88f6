@testable import ABCXYZ
import Foundation
import Testing

@Suite("A stream held in memory is bounded")
struct StreamCheckTests {
    @Test("A valid stream larger than the limit stops at the limit with inputTooLarge")
    func streamOverTheLimit() throws {
        signal(SIGPIPE, SIG_IGN)  // the writer outlives the read
        let pipe = Pipe()
        let rows = String(repeating: "C10001,2024-01-01,1.00\n", count: 200_000)  // 4.6 MB of valid rows
        let writer = pipe.fileHandleForWriting
        let writing = Thread {
            try? writer.write(contentsOf: Data(("client,date,amount\n" + rows).utf8))
            try? writer.close()
        }
        writing.start()
        var check = StreamCheck(file: "stdin", options: ReadOptions())
        check.limit = 3 << 20
        #expect(throws: ReadError(file: "stdin", reason: .inputTooLarge(limit: 3 << 20))) {
            _ = try InputBytes(readingDescriptor: pipe.fileHandleForReading.fileDescriptor, name: "stdin",
                               check: check)
        }
        try pipe.fileHandleForReading.close()
    }
}
