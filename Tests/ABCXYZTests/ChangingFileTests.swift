@testable import ABCXYZ
import Foundation
import Testing

/// A mapped file that another program truncates or extends while it is read:
/// a clear error, never a crash (SIGBUS) or a result from part of the file.
@Suite("A file that changes while it is read")
struct ChangingFileTests {
    /// An export of `rows` rows of 23 bytes (`C10042,2024-01-01,1.00`), 2.3 MB for 100 000.
    func writeExport(rows: Int) throws -> URL {
        var text = "client,date,amount\n"
        for row in 0..<rows { text += "C\(String(row % 1000 + 10000)),2024-01-01,1.00\n" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("abcxyz-changing-\(UUID()).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    func readError(_ input: InputBytes, file: URL, threads: Int) -> ReadError? {
        var options = ReadOptions()
        options.threads = threads
        do {
            _ = try TransactionReader.read(input, file: file.path, options: options)
            return nil
        } catch {
            return error as? ReadError
        }
    }

    @Test("Truncated after it was mapped (mid-record, or to nothing): changedWhileReading, with 1 and 2 threads",
          arguments: [(1_000, 1), (1_000, 2), (0, 1), (1_500_000, 2)])
    func truncated(to size: Int, threads: Int) throws {
        let url = try writeExport(rows: 100_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let input = try InputBytes(contentsOfFile: url.path)
        #expect(input.count == 19 + 100_000 * 23)
        #expect(truncate(url.path, off_t(size)) == 0)
        // Every page past `size` now raises SIGBUS when read.
        let error = readError(input, file: url, threads: threads)
        #expect(error == ReadError(file: url.path, reason: .changedWhileReading))
    }

    @Test("Extended after it was mapped (still being written): changedWhileReading, not the first part's result")
    func extended() throws {
        let url = try writeExport(rows: 1_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let input = try InputBytes(contentsOfFile: url.path)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("C10001,2024-01-02,1.00\n".utf8))
        try handle.close()
        #expect(readError(input, file: url, threads: 2) == ReadError(file: url.path, reason: .changedWhileReading))
    }

    @Test("Unchanged, the same mapping reads every row")
    func unchanged() throws {
        let url = try writeExport(rows: 1_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try TransactionReader.read(InputBytes(contentsOfFile: url.path), file: url.path,
                                               options: ReadOptions())
        #expect(table.rowsRead == 1_000)
    }
}
