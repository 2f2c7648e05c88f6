import Foundation
import Testing

/// The repository root (tests run from any directory).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `abcxyz` and captures what it prints.
struct Binary {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `abcxyz` next to the test bundle (`swift test` builds it first,
    /// since this target depends on it).
    static let url: URL = {
        var directory = Bundle.main.bundleURL
        for candidate in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            directory = candidate.deletingLastPathComponent()
            for _ in 0..<4 {
                let binary = directory.appendingPathComponent("abcxyz")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                directory.deleteLastPathComponent()
            }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/abcxyz")
    }()

    /// Runs `abcxyz` with `arguments` in `directory` (the repository root by
    /// default). Standard input is `input` through a pipe, or the file handle
    /// `standardInput`, or else `/dev/null` (never the test runner's own).
    static func run(_ arguments: [String], input: Data? = nil, standardInput: FileHandle? = nil,
                    in directory: URL? = nil) throws -> Run {
        try run(executable: url, arguments, input: input, standardInput: standardInput, in: directory)
    }

    static func run(executable: URL, _ arguments: [String], input: Data? = nil, standardInput: FileHandle? = nil,
                    in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput ?? FileHandle.nullDevice
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        // Read both pipes before waiting, so a large output cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   standardOutput: String(decoding: outputData, as: UTF8.self),
                   standardError: String(decoding: errorData, as: UTF8.self))
    }
}

func fixtureText(_ path: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/" + path), encoding: .utf8)
}

/// Runs `body` with a new, empty temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abcxyz-test-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}
