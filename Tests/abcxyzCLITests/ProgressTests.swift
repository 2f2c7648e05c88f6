import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Progress on standard error")
struct ProgressTests {
    /// Runs abcxyz with standard error on a pseudo-terminal and returns what it drew there.
    func runOnTerminal(_ arguments: [String]) throws -> String {
        var master: Int32 = 0, slave: Int32 = 0
        #expect(openpty(&master, &slave, nil, nil, nil) == 0)
        defer { close(master) }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("On a terminal each phase is shown and the line is cleared at the end")
    func drawsPhasesOnTerminal() throws {
        let output = try runOnTerminal(["classify", "fixtures/example/transactions.csv", "-o", "/dev/null"])
        #expect(output.contains("reading 100%"))
        #expect(output.contains("classifying 0%"))
        #expect(output.contains("writing 0%"))
        #expect(output.hasSuffix("\r\u{1B}[2K"))
    }

    @Test("--quiet shows nothing; a non-terminal standard error gets no progress, only the notices")
    func silentOtherwise() throws {
        #expect(try runOnTerminal(["classify", "fixtures/example/transactions.csv", "-o", "/dev/null", "--quiet"]).isEmpty)
        let piped = try Binary.run(["classify", "fixtures/example/transactions.csv", "-o", "/dev/null"])
        #expect(!piped.standardError.contains("\r") && !piped.standardError.contains("reading"))
        #expect(piped.standardError.hasPrefix("abcxyz: columns: "))
    }
}
