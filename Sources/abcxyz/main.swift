#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// A closed pipe (`abcxyz classify | head`) ends the run quietly.
signal(SIGPIPE, SIG_DFL)

var console = Console()
let status = Tool().run(Array(CommandLine.arguments.dropFirst()), console: &console)
exit(status.rawValue)
