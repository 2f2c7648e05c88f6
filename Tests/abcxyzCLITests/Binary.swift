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

    /// The `abcxyz` that `swift test` built beside the test bundle (this target depends on
    /// it): exactly `<build folder>/abcxyz`, a regular file. Nothing walks up the tree, so a
    /// checkout in a folder that is itself named `abcxyz` (git's default) is never taken for
    /// the binary.
    static let url: URL = {
        // The test runner (`…/debug/abcxyzPackageTests.xctest`) lives in the build folder;
        // `Bundle.main` is that folder on Linux and the bundle inside it on macOS.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let bundle = Bundle.main.bundleURL
        for folder in [runner, bundle, bundle.deletingLastPathComponent()] {
            let binary = folder.appendingPathComponent("abcxyz")
            if isRegularExecutable(binary.path) { return binary }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/abcxyz")
    }()

    /// A regular file (not a folder, whatever its permissions) that can be executed.
    static func isRegularExecutable(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

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
