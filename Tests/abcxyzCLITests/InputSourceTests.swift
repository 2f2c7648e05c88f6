import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the rows come from without FILE, and streams that are not exports
/// failing as their first bytes arrive.
@Suite("Input source: piped data is read, the example only when nothing is handed in; bad streams fail fast")
struct InputSourceTests {
    /// One client, Solo, who is not in the bundled example.
    /// Computed, not stored: LeakSanitizer reports a `Data` held by a `static let` at exit.
    static var solo: Data { Data("client,date,amount\nSolo,2025-01-01,100.00\n".utf8) }

    /// The client column of a CSV listing.
    func clients(_ csv: String) -> [String] {
        csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
    }

    @Test("Without FILE, data piped in is read (and the notice says so)")
    func pipedInputIsRead() throws {
        let run = try Binary.run(["classify", "--format", "csv"], input: Self.solo)
        #expect(run.status == 0)
        #expect(clients(run.standardOutput) == ["Solo"])
        #expect(run.standardError == "abcxyz: no FILE given: reading standard input (a pipe)\n"
            + "abcxyz: columns: client=client (1), date=date (2), amount=amount (3)\n")
    }

    @Test("Without FILE, a file redirected to standard input is read")
    func redirectedFileIsRead() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("solo.csv")
            try Self.solo.write(to: path)
            let handle = try FileHandle(forReadingFrom: path)
            defer { try? handle.close() }
            let run = try Binary.run(["classify", "--format", "csv"], standardInput: handle)
            #expect(run.status == 0)
            #expect(clients(run.standardOutput) == ["Solo"])
            #expect(run.standardError.contains("reading standard input (a file)"))
        }
    }

    @Test("--quiet drops the notice, not the input")
    func quietPipedInput() throws {
        let run = try Binary.run(["classify", "--format", "csv", "-q"], input: Self.solo)
        #expect(clients(run.standardOutput) == ["Solo"])
        #expect(run.standardError.isEmpty)
    }

    @Test("Without FILE and with /dev/null or a closed standard input, the bundled example is used")
    func bundledExampleWhenNothingIsHandedIn() throws {
        let null = try Binary.run(["classify", "--format", "csv"])  // Binary.run gives /dev/null
        #expect(null.status == 0)
        #expect(null.standardOutput == (try fixtureText("example/classify.csv")))
        #expect(null.standardError.contains("standard input is a character device: using the bundled example"))

        let closed = try Binary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                                    ["-c", "exec \"$0\" \"$@\" <&-", Binary.url.path, "classify", "--format", "csv"])
        #expect(closed.status == 0)
        #expect(closed.standardOutput == (try fixtureText("example/classify.csv")))
        #expect(closed.standardError.contains("standard input is closed: using the bundled example"))
    }

    /// Starts `abcxyz` reading from a pipe whose writing end the test holds
    /// open, writes `bytes`, and waits up to 60 s for it to exit. A reader
    /// that waits for the end of the stream never exits: it is stopped, and
    /// the status is nil.
    func runOnOpenStream(_ arguments: [String], writing bytes: Data) throws -> (status: Int32?, error: String) {
        signal(SIGPIPE, SIG_IGN)  // the reader may stop before all is written
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        let input = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        try input.fileHandleForReading.close()  // so writing fails once the reader has exited
        let writer = input.fileHandleForWriting.fileDescriptor
        let writing = Thread {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(writer, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
        writing.start()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        let exited = !process.isRunning
        // SIGKILL: a child spawned from a test thread inherits its blocked signals, SIGTERM among them.
        if !exited { kill(process.processIdentifier, SIGKILL) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (exited ? process.terminationStatus : nil, message)
    }

    @Test("A stream that is not an export fails as its first megabytes arrive, with the stream still open",
          arguments: [
              (Data(count: 4 << 20), "stdin:1: error: this is not a CSV text file"),
              (Data(repeating: UInt8(ascii: "a"), count: 2 << 20),
               "stdin:1: error: no line break in the first 1 MiB"),
              (Data(String(repeating: "y\n", count: 1 << 20).utf8),
               "stdin:1: error: cannot tell the delimiter"),
              (Data(("client,date,amount\n" + String(repeating: "x,2024-01-01,z\n", count: 100_000)).utf8),
               "stdin:2:14: error: bad amount 'z' in column 'amount'"),
              (Data("client,date,amount\n".utf8) + Data(repeating: UInt8(ascii: "a"), count: 17 << 20),
               "stdin:2: error: a line longer than 16 MiB"),
          ])
    func badStreamFailsFast(bytes: Data, message: String) throws {
        let run = try runOnOpenStream(["classify", "-", "-q"], writing: bytes)
        #expect(run.status == 65)
        #expect(run.error.hasPrefix(message))
    }

    @Test("A FIFO given as FILE that streams NUL bytes without end (like /dev/zero) fails at once")
    func endlessBinaryFIFOFailsFast() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("zero").path
            try #require(mkfifo(path, 0o600) == 0)
            signal(SIGPIPE, SIG_IGN)
            // Opened before the reader (which open would otherwise wait for), then
            // the reading end dropped, so writes fail once the reader has exited.
            let both = open(path, O_RDWR)
            try #require(both >= 0)
            let writer = open(path, O_WRONLY)
            close(both)
            try #require(writer >= 0)
            defer { close(writer) }
            let writing = Thread {
                let zeros = [UInt8](repeating: 0, count: 64 << 10)
                var total = 0
                let start = Date()
                while total < 8 << 20, Date().timeIntervalSince(start) < 60 {
                    let written = write(writer, zeros, zeros.count)
                    if written > 0 {
                        total += written
                    } else if total == 0 {
                        usleep(10_000)  // no reader yet
                    } else {
                        break
                    }
                }
            }
            writing.start()
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["classify", path, "-q"]
            let error = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = error
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 65)
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(message.hasPrefix("\(path):1: error: this is not a CSV text file"))
        }
    }
}
