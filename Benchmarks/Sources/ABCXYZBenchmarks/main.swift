import ABCXYZ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// abcxyz-benchmarks: the whole `classify` + `winback` job (one run writing both
// CSV files) at 1 M, 10 M and 100 M rows, timed end to end in a child process,
// with the phase breakdown the CLI reports under --timings and the child's
// peak RSS. --scaling compares 1 and 2 threads, alternating runs; --report
// compares `abcxyz report --format html` with the classify + winback job.
//
//   swift run -c release abcxyz-benchmarks [--sizes 1m,10m,100m] [--runs 5]
//                                          [--threads N] [--scaling] [--data DIR]
//
// Data is generated (abcxyz generate, seed 1) into Benchmarks/data/ when missing
// and reused after. Every figure is the median of --runs runs.

struct Options {
    var sizes = [1_000_000, 10_000_000, 100_000_000]
    var runs = 5
    var threads = ReadOptions.processorCount
    var scaling = false
    var report = false
    var dataDirectory = "Benchmarks/data"
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = Array(CommandLine.arguments.dropFirst())[...]
    func rows(_ text: Substring) -> Int? {
        let lower = text.lowercased()
        if lower.hasSuffix("m"), let value = Int(lower.dropLast()) { return value * 1_000_000 }
        if lower.hasSuffix("k"), let value = Int(lower.dropLast()) { return value * 1_000 }
        return Int(lower)
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--sizes": options.sizes = (arguments.popFirst() ?? "").split(separator: ",").compactMap(rows)
        case "--runs": options.runs = Int(arguments.popFirst() ?? "") ?? options.runs
        case "--threads": options.threads = Int(arguments.popFirst() ?? "") ?? options.threads
        case "--scaling": options.scaling = true
        case "--report": options.report = true
        case "--data": options.dataDirectory = arguments.popFirst() ?? options.dataDirectory
        default:
            print("usage: abcxyz-benchmarks [--sizes 1m,10m,100m] [--runs N] [--threads N] [--scaling] [--report] [--data DIR]")
            exit(64)
        }
    }
    return options
}

/// The `abcxyz` built next to this program.
func toolPath() -> String {
    let me = CommandLine.arguments[0]
    let directory = me.contains("/") ? String(me[..<me.lastIndex(of: "/")!]) : "."
    return directory + "/abcxyz"
}

func label(_ rows: Int) -> String {
    rows % 1_000_000 == 0 ? "\(rows / 1_000_000)m" : rows % 1_000 == 0 ? "\(rows / 1_000)k" : "\(rows)"
}

func fileSize(_ path: String) -> Int {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : -1
}

/// The data file for a size, generated when missing.
func dataFile(rows: Int, directory: String) throws -> String {
    let path = "\(directory)/sales-\(label(rows)).csv"
    if fileSize(path) > 0 { return path }
    mkdir(directory, 0o755)
    print("generating \(path) …")
    var file = try FileSink(creatingFileAt: path)
    try SyntheticSales(SyntheticSales.Configuration(rows: rows)).write(to: &file)
    try file.close()
    return path
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Phase seconds from the `--timings` line.
func phases(_ text: String) -> [String: Double] {
    // "abcxyz: timings: read 0.611 s, group 0.150 s, classify 0.140 s, write 0.170 s; total …"
    var result: [String: Double] = [:]
    for part in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == ":" }) {
        let words = part.split(separator: " ")
        if words.count >= 2, ["read", "group", "classify", "write"].contains(String(words[0])) {
            result[String(words[0])] = Double(words[1])
        }
    }
    return result
}

struct Measurement {
    var seconds: [Double] = []
    var memory: [Int] = []
    var phaseSeconds: [String: [Double]] = [:]

    mutating func add(_ outcome: ChildProcess.Outcome) {
        seconds.append(outcome.seconds)
        memory.append(outcome.peakMemory)
        for (phase, value) in phases(outcome.standardError) { phaseSeconds[phase, default: []].append(value) }
    }
}

func runJob(_ file: String, threads: Int) -> ChildProcess.Outcome {
    // Fresh output files: truncating last run's file can wait on its writeback.
    unlink("/tmp/abcxyz-bench-classify.csv")
    unlink("/tmp/abcxyz-bench-winback.csv")
    let outcome = ChildProcess.run(toolPath(), [
        "classify", file, "--format", "csv", "-o", "/tmp/abcxyz-bench-classify.csv",
        "--winback-output", "/tmp/abcxyz-bench-winback.csv", "--timings", "--quiet", "--threads", String(threads),
    ])
    if outcome.status != 0 {
        print("abcxyz failed (\(outcome.status)): \(outcome.standardError)")
        exit(1)
    }
    return outcome
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    if digits == 0 { return String(Int(value.rounded())) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

let options = parseOptions()
var machine = utsname()
uname(&machine)
let cpu = (try? ChildProcess.readFile("/proc/cpuinfo"))?.split(separator: "\n")
    .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":").last ?? "").trimmingCharacters() } ?? "?"
print("machine: \(ReadOptions.processorCount) processors (\(cpu)), \(withUnsafeBytes(of: machine.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })")
print("job: abcxyz classify FILE --format csv -o classify.csv --winback-output winback.csv; median of \(options.runs) runs\n")

if options.report {
    // The report (HTML: every figure, SPEC §8 included) against classify + winback, alternating.
    for rows in options.sizes {
        let file = try dataFile(rows: rows, directory: options.dataDirectory)
        var job = Measurement(), report = Measurement()
        for _ in 0..<options.runs {
            job.add(runJob(file, threads: options.threads))
            unlink("/tmp/abcxyz-bench-report.html")
            let outcome = ChildProcess.run(toolPath(), ["report", file, "--format", "html", "-o",
                                                        "/tmp/abcxyz-bench-report.html", "--quiet",
                                                        "--threads", String(options.threads)])
            guard outcome.status == 0 else { print(outcome.standardError); exit(1) }
            report.add(outcome)
        }
        let a = median(job.seconds), b = median(report.seconds)
        print("\(label(rows)) rows: classify + winback \(format(a, 3)) s (\(format(Double(job.memory.max() ?? 0) / 1_048_576, 0)) MiB), "
            + "report \(format(b, 3)) s (\(format(Double(report.memory.max() ?? 0) / 1_048_576, 0)) MiB): \(format(b / a))×")
    }
    exit(0)
}

if options.scaling {
    let rows = options.sizes.last ?? 10_000_000
    let file = try dataFile(rows: rows, directory: options.dataDirectory)
    var one = Measurement(), two = Measurement()
    for _ in 0..<options.runs {  // alternate, so drift in the machine hits both alike
        one.add(runJob(file, threads: 1))
        two.add(runJob(file, threads: 2))
    }
    let t1 = median(one.seconds), t2 = median(two.seconds)
    print("scaling on \(label(rows)) rows: 1 thread \(format(t1)) s, 2 threads \(format(t2)) s, speed-up \(format(t1 / t2))×")
    for phase in ["read", "group", "classify", "write"] {
        let a = median(one.phaseSeconds[phase] ?? [0]), b = median(two.phaseSeconds[phase] ?? [0])
        print("  \(phase.padding(8)) \(format(a, 3)) s → \(format(b, 3)) s (\(format(a / max(b, 1e-9)))×)")
    }
    exit(0)
}

print("rows     MB     threads  total s  rows/s      MB/s   read s  group s  classify s  write s  peak RSS")
for rows in options.sizes {
    let file = try dataFile(rows: rows, directory: options.dataDirectory)
    let megabytes = Double(fileSize(file)) / 1_000_000
    var measurement = Measurement()
    for _ in 0..<options.runs { measurement.add(runJob(file, threads: options.threads)) }
    let total = median(measurement.seconds)
    let peak = measurement.memory.max() ?? 0
    func phase(_ name: String) -> String { format(median(measurement.phaseSeconds[name] ?? [0]), 3) }
    print([label(rows).padding(8), format(megabytes, 0).padding(6), String(options.threads).padding(8),
           format(total, 3).padding(8), String(Int(Double(rows) / total)).padding(11),
           format(megabytes / total, 0).padding(6), phase("read").padding(7), phase("group").padding(8),
           phase("classify").padding(11), phase("write").padding(8),
           "\(format(Double(peak) / 1_048_576, 0)) MiB"].joined(separator: " "))
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func trimmingCharacters() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
