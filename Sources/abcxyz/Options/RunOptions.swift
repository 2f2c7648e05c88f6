/// How a data command talks while it runs: the RUN group.
enum RunOptions {
    static let quiet = Flag("quiet", short: "q", help: "No progress or notices on standard error")
    static let timings = Flag("timings", help: "Print how long each phase took to standard error")

    static let group = OptionGroup(title: "RUN", options: [quiet, timings])
}
