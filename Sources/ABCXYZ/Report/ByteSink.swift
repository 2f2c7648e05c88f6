#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the writers send their bytes.
public protocol ByteSink {
    /// Takes `bytes` (the buffer is valid only during the call).
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Collects everything written in memory, for tests and for callers that want
/// the output as a value rather than a file.
public struct ByteArraySink: ByteSink, Sendable {
    /// Every byte written so far, in order.
    public private(set) var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    /// Appends `bytes`.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }

    /// The bytes as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to an open file descriptor (standard output, or a file it opens).
public struct FileSink: ByteSink {
    /// The descriptor written to; ``close()`` leaves standard input, output and error open.
    public let descriptor: Int32
    /// What to call the destination in errors.
    public let name: String

    /// Standard output.
    public static var standardOutput: FileSink { FileSink(descriptor: 1, name: "stdout") }

    /// Writes to an already open descriptor; `name` stands for it in errors.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Creates (or truncates) the file at `path` for writing.
    public init(creatingFileAt path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw OutputError(destination: path, errno: errno) }
        self.init(descriptor: descriptor, name: path)
    }

    /// Writes all of `bytes`, again after a short write or an interruption.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(destination: name, errno: errno)
            }
            offset += written
        }
    }

    /// Closes the descriptor (not for standard output).
    public func close() throws {
        guard descriptor > 2 else { return }
        if systemClose(descriptor) != 0 { throw OutputError(destination: name, errno: errno) }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

@inline(__always)
private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}

/// Output could not be written.
public struct OutputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or stream that could not be written, as the user named it.
    public var destination: String
    /// The system's reason (`strerror`), e.g. `No space left on device`.
    public var reason: String

    /// The error `code` (an `errno` value) in words.
    public init(destination: String, errno code: Int32) {
        self.destination = destination
        reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    /// `destination: cannot write: reason`.
    public var description: String { "\(destination): cannot write: \(reason)" }
}

/// A byte buffer that hands its contents to a sink every megabyte, so a
/// writer never holds a whole large output.
struct BufferedWriter<Sink: ByteSink> {
    var sink: Sink
    var buffer: [UInt8] = []
    static var flushSize: Int { 1 << 20 }

    init(_ sink: Sink) {
        self.sink = sink
        buffer.reserveCapacity(BufferedWriter.flushSize + 4096)
    }

    @inline(__always)
    mutating func flushIfFull() throws {
        if buffer.count >= BufferedWriter.flushSize { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }
}
