#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses, before any work, a run whose outputs would overwrite its input or
/// each other: `classify in.csv -o in.csv` (even through a symbolic link or a
/// hard link) would replace the export with the listing, and two outputs on
/// one path would keep only the last.
///
/// Two paths are the same file when they name the same device and inode, or,
/// for files not created yet, the same path once links and the folder are
/// resolved. Devices and FIFOs (`/dev/null`) are never a clash.
enum OutputTargets {
    /// What a path refers to, for comparing.
    enum Identity: Equatable {
        case inode(dev_t, ino_t)
        case path(String)
        case standardOutput
    }

    /// An output: the option that names it (`--output`) and its path (`-` for standard output).
    struct Output {
        var option: String
        var path: String
    }

    /// Throws a ``UsageError`` naming both options when two outputs, or an
    /// output and the input, are the same file.
    static func checkDistinct(_ outputs: [Output], input: InputSource?) throws {
        let inputIdentity: Identity? = switch input {
        case .file(let path)?: existing(path)
        case .standardInput?: descriptorIdentity(0)
        default: nil
        }
        let inputName = switch input {
        case .file(let path)?: "the input FILE \(path)"
        default: "the file on standard input"
        }
        var seen: [(Output, Identity)] = []
        for output in outputs {
            guard let identity = identity(of: output.path) else { continue }
            if let inputIdentity {
                let writes = identity == .standardOutput ? descriptorIdentity(1) : identity
                if writes == inputIdentity {
                    throw UsageError("\(output.option) \(output.path) is \(inputName): writing it would destroy "
                        + "the export; write to another file")
                }
            }
            if let (earlier, _) = seen.first(where: { $0.1 == identity }) {
                let what = identity == .standardOutput ? "both go to standard output"
                    : earlier.path == output.path ? "both name \(output.path)"
                    : "name the same file (\(earlier.path) and \(output.path))"
                throw UsageError("\(earlier.option) and \(output.option) \(what): one would overwrite the other")
            }
            seen.append((output, identity))
        }
    }

    /// `nil` for a device or FIFO, which several outputs may share.
    static func identity(of path: String) -> Identity? {
        if path == "-" { return .standardOutput }
        var status = stat()
        if stat(path, &status) == 0 {
            return (status.st_mode & S_IFMT) == S_IFREG ? .inode(status.st_dev, status.st_ino) : nil
        }
        let (folder, file) = OutputFile.split(OutputFile.resolvingLinks(path))
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return .path(path) }
        defer { free(resolved) }
        let resolvedFolder = String(cString: resolved)
        return .path(resolvedFolder + (resolvedFolder.hasSuffix("/") ? "" : "/") + file)
    }

    private static func existing(_ path: String) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return .inode(status.st_dev, status.st_ino)
    }

    private static func descriptorIdentity(_ descriptor: Int32) -> Identity? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return .inode(status.st_dev, status.st_ino)
    }
}
