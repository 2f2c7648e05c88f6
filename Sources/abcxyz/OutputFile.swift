import ABCXYZ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the command was asked to write could not be created (exit 73, not
/// an I/O error midway).
enum OutputFailure: Error {
    case cannotCreate(any Error)
}

/// Output files, written whole or not at all.
///
/// A regular file (or a path that does not exist yet) is written to a new
/// temporary file in the same folder, `.NAME.abcxyz-PID-N.tmp`, which is
/// renamed over `path` only once every byte is written and the file is
/// closed. A failed write (disk full, `ulimit -f`, an error in the caller)
/// removes the temporary file and leaves whatever was at `path` before
/// untouched, so a file at `path` is always a complete output. A symbolic
/// link is followed: its target is replaced and the link kept. Replacing
/// keeps the old file's permission bits, but gives it a new inode (other hard
/// links to the old file keep the old contents). Not `fsync`ed: this guards
/// against failed runs, not against a power cut; a run killed mid-write also
/// leaves the earlier file (and may leave the hidden temporary file).
///
/// `-` is standard output; a device or FIFO (`/dev/null`, `/dev/stdout`) is
/// written in place, since it cannot be replaced.
enum OutputFile {
    /// Writes `path` with `body`; a file that cannot be created throws
    /// ``OutputFailure``, a failed write ``OutputError``.
    static func write(_ path: String, _ body: (inout FileSink) throws -> Void) throws {
        if path == "-" {
            var standardOutput = FileSink.standardOutput
            try body(&standardOutput)
            return
        }
        let target = resolvingLinks(path)
        var status = stat()
        if stat(target, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw OutputFailure.cannotCreate(OutputError(destination: path, errno: EISDIR))
            }
            try writeInPlace(path, body)
            return
        }
        let existingMode: mode_t? = stat(target, &status) == 0 ? status.st_mode & 0o7777 : nil
        let (descriptor, temporary) = try createTemporary(beside: target, name: path)
        var file = FileSink(descriptor: descriptor, name: path)
        var closed = false
        do {
            if let existingMode { _ = fchmod(descriptor, existingMode) }
            try body(&file)
            closed = true
            try file.close()
            guard rename(temporary, target) == 0 else { throw OutputError(destination: path, errno: errno) }
        } catch {
            if !closed { _ = close(descriptor) }
            _ = unlink(temporary)
            throw error
        }
    }

    /// A device or FIFO: opened for writing as it is.
    private static func writeInPlace(_ path: String, _ body: (inout FileSink) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else { throw OutputFailure.cannotCreate(OutputError(destination: path, errno: errno)) }
        var file = FileSink(descriptor: descriptor, name: path)
        do { try body(&file) } catch {
            try? file.close()
            throw error
        }
        try file.close()
    }

    /// A new file beside `target`, made with `O_EXCL` so it is never someone else's.
    private static func createTemporary(beside target: String, name: String) throws -> (Int32, String) {
        let (folder, file) = split(target)
        for attempt in 0..<100 {
            let candidate = folder + "." + file + ".abcxyz-\(getpid())-\(attempt).tmp"
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, candidate) }
            if errno != EEXIST {
                let code = errno
                throw OutputFailure.cannotCreate(OutputError(
                    destination: "\(name) (its temporary file in \(folder.isEmpty ? "./" : folder))", errno: code))
            }
        }
        throw OutputFailure.cannotCreate(OutputError(destination: name, errno: EEXIST))
    }

    /// `path` with symbolic links followed (up to 32), even when the last
    /// target does not exist yet: writing through a link replaces its target.
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, Int(PATH_MAX))
            guard length > 0 else { return current }
            let link = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).folder + link
        }
        return current
    }

    /// `("dir/", "name")` for `dir/name`, `("", "name")` for `name`.
    static func split(_ path: String) -> (folder: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }
}
