#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// A closed pipe (`abcxyz classify | head`) ends the run quietly.
signal(SIGPIPE, SIG_DFL)
// A file past `ulimit -f` fails its write (EFBIG, exit 74, the temporary file
// removed) instead of killing the process and leaving the temporary file behind.
signal(SIGXFSZ, SIG_IGN)

var console = Console()
let status = Tool().run(Array(CommandLine.arguments.dropFirst()), console: &console)
console.releaseKeptObjects()
exit(status.rawValue)
