/// A command line that cannot be run as given: printed with the command's
/// usage line, exit status 64. Every message names the option it is about.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
