import ABCXYZ

/// A file the command was asked to write could not be created (exit 73, not
/// an I/O error midway).
enum OutputFailure: Error {
    case cannotCreate(any Error)
}

/// Output files: created, written by the caller, closed.
enum OutputFile {
    /// Creates (or empties) the file at `path`, lets `body` write to it, and
    /// closes it; a file that cannot be created throws ``OutputFailure``.
    static func write(_ path: String, _ body: (inout FileSink) throws -> Void) throws {
        var file: FileSink
        do { file = try FileSink(creatingFileAt: path) } catch { throw OutputFailure.cannotCreate(error) }
        try body(&file)
        try file.close()
    }
}
