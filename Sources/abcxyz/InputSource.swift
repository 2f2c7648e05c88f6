#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a data command's rows come from: FILE, standard input, or the
/// bundled example.
///
/// Without FILE, standard input is read when data is being handed in (a pipe,
/// a redirected file, a socket), and the bundled example is used only when
/// nothing can be: standard input is a terminal, a character device such as
/// `/dev/null` (what CI and `cron` usually give), or closed. So
/// `cat sales.csv | abcxyz winback` reads the sales, while a bare
/// `abcxyz winback` shows the example in a terminal, a script or CI alike.
enum InputSource: Equatable {
    case file(String)
    /// `what` says what standard input is, for the notice (nil for an explicit `-`).
    case standardInput(what: String?)
    /// `why` says what standard input was instead.
    case bundledExample(why: String)

    /// Chooses from the positional arguments (at most one FILE).
    static func choose(_ positionals: [String]) throws -> InputSource {
        guard positionals.count <= 1 else {
            throw UsageError("expected one FILE, got \(positionals.count): " + positionals.joined(separator: " "))
        }
        if let path = positionals.first { return path == "-" ? .standardInput(what: nil) : .file(path) }
        var status = stat()
        guard fstat(0, &status) == 0 else { return .bundledExample(why: "closed") }
        switch status.st_mode & S_IFMT {
        case S_IFCHR: return .bundledExample(why: isatty(0) == 1 ? "a terminal" : "a character device")
        case S_IFIFO: return .standardInput(what: "a pipe")
        case S_IFREG: return .standardInput(what: "a file")
        case S_IFSOCK: return .standardInput(what: "a socket")
        default: return .standardInput(what: "not a terminal")
        }
    }

    /// The one line that says which input was chosen when FILE was left out.
    var notice: String? {
        switch self {
        case .file, .standardInput(what: nil): nil
        case .standardInput(let what?): "no FILE given: reading standard input (\(what))"
        case .bundledExample(let why):
            "no FILE given and standard input is \(why): using the bundled example (84 rows); "
                + "give a FILE, - or pipe one in"
        }
    }
}
