import ABCXYZ

/// `abcxyz model`: fits the buy-till-you-die models of docs/spec.md §14 (BG/NBD,
/// Pareto/NBD, and Gamma-Gamma for spend) and prints their parameters.
struct ModelCommand: Command {
    var name: String { "model" }

    var abstract: String {
        "Fit BG/NBD, Pareto/NBD and Gamma-Gamma to the clients' purchase histories and print the parameters [§14]."
    }

    static let summary = Option<String>.file(
        "summary", help: "Fit a summary CSV with columns x, t_x, T[, m_x][, count] instead of a sales export "
            + "(t_x and T in --model-unit) [§16]")
    static let format = Option<Bool>.choice("format", value: "FORMAT", help: "table (for people) or json (every figure)",
                                            default: "table", [("table", false), ("json", true)])
    static let clients = Option<String>.file(
        "clients", help: "Also write one CSV row per client: x, t_x, T, m_x, and each model's p_alive, "
            + "expected_purchases and clv at full precision, expected_spend")

    var argumentsHelp: [(String, String)] { [SharedOptions.fileArgument] }

    var optionGroups: [OptionGroup] {
        let fit: [any OptionDefining] = [ModelFitOptions.asOf, ModelFitOptions.horizon, ModelFitOptions.margin]
        return [SharedOptions.input,
                OptionGroup(title: SharedOptions.model.title,
                            definitions: fit.map(\.definition) + SharedOptions.model.options + [Self.summary.definition]),
                OptionGroup(title: "OUTPUT", options: [Self.format, OutputOptions.output, Self.clients]),
                SharedOptions.run]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        let json = try arguments.value(of: Self.format) ?? false
        let options = try SharedOptions.modelOptions(arguments)
        try options.validate()
        let summary: ModelSummary
        let scale: Int
        // Neither output may be the input or the other output.
        let outputs = SharedOptions.namedOutputs(arguments, [OutputOptions.output, Self.clients])
        if let path = arguments.text(of: Self.summary) {
            try OutputTargets.checkDistinct(outputs, input: .file(path))
            guard arguments.positionals.isEmpty else {
                throw UsageError("give either a sales FILE or --summary FILE, not both")
            }
            guard options.asOf == nil else { throw UsageError("--as-of applies to a sales FILE, not to --summary") }
            summary = try SummaryFile.read(contentsOfFile: path, unit: options.unit)
            scale = try SharedOptions.readOptions(arguments).scale
        } else {
            let readOptions = try SharedOptions.readOptions(arguments)
            var table = try SharedOptions.readInput(arguments, outputs: outputs, options: readOptions,
                                                    console: console)
            if table.rejectedCount > 0 {
                console.error("abcxyz: \(table.rowsRead) rows read = \(table.acceptedCount) accepted + "
                    + "\(table.rejectedCount) rejected")
            }
            summary = try table.modelSummaryReleasingRows(options, threads: readOptions.threads)
            scale = table.scale
            console.keepUntilExit(table)
        }
        // The fits sum their likelihoods over fixed chunks, so the threads change only the time.
        let threads = try SharedOptions.readOptions(arguments).threads
        let fits = Fits(bgnbd: try BGNBD.fit(summary.groups, penalizer: options.penalizer, threads: threads),
                        paretoNBD: try ParetoNBD.fit(summary.groups, penalizer: options.penalizer, threads: threads),
                        gammaGamma: try GammaGamma.fit(summary.spend, penalizer: options.penalizer, threads: threads))
        for (model, converged, iterations) in [("BG/NBD", fits.bgnbd.converged, fits.bgnbd.iterations),
                                               ("Pareto/NBD", fits.paretoNBD.converged, fits.paretoNBD.iterations),
                                               ("Gamma-Gamma", fits.gammaGamma.converged, fits.gammaGamma.iterations)]
            where !converged {
            console.error("abcxyz: warning: the \(model) fit did not converge (\(iterations) iterations); "
                + "its parameters are the best found")
        }
        let text = json ? self.json(summary, fits) : table(summary, fits)
        if let path = OutputOptions.outputFile(arguments) {
            try OutputFile.write(path) { try $0.write(text) }
        } else {
            try console.print(text)
        }
        if let path = arguments.text(of: Self.clients) {
            try OutputFile.write(path) { try $0.write(clientRows(summary, fits, options: options, scale: scale)) }
        }
    }

    struct Fits {
        var bgnbd: ModelFit<BGNBD>
        var paretoNBD: ModelFit<ParetoNBD>
        var gammaGamma: ModelFit<GammaGamma>
    }

    /// The JSON of the fit; keys as docs/spec.md §14's command documents them.
    func json(_ summary: ModelSummary, _ fits: Fits) -> String {
        func object(_ fields: [(String, String)]) -> String {
            "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        func fit<P>(_ fit: ModelFit<P>, _ parameters: [(String, Double)], clients: Int? = nil) -> String {
            var fields = parameters.map { ($0.0, Self.number($0.1)) }
            fields.append(("log_likelihood", Self.number(fit.logLikelihood)))
            if let clients { fields.append(("clients", "\(clients)")) }
            fields += [("iterations", "\(fit.iterations)"), ("converged", fit.converged ? "true" : "false")]
            return object(fields)
        }
        let b = fits.bgnbd.parameters, p = fits.paretoNBD.parameters, g = fits.gammaGamma.parameters
        let lines = [
            ("occasions", summary.occasions.map { "\"\($0.rawValue)\"" } ?? "null"),
            ("unit", "\"\(summary.unit.rawValue)\""),
            ("clients", "\(summary.clientCount)"),
            ("repeaters", "\(summary.repeaters)"),
            ("bgnbd", fit(fits.bgnbd, [("r", b.r), ("alpha", b.alpha), ("a", b.a), ("b", b.b)])),
            ("pareto_nbd", fit(fits.paretoNBD, [("r", p.r), ("alpha", p.alpha), ("s", p.s), ("beta", p.beta)])),
            ("gamma_gamma", fit(fits.gammaGamma, [("p", g.p), ("q", g.q), ("gamma", g.gamma)],
                                clients: summary.spend.reduce(0) { $0 + $1.count })),
        ]
        return "{\n" + lines.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// The fit for people: one line per model.
    func table(_ summary: ModelSummary, _ fits: Fits) -> String {
        let source = summary.occasions.map { "occasions \($0.rawValue)" } ?? "from a summary file"
        let asOf = summary.asOf.map { ", as of \($0)" } ?? ""
        var lines = ["\(summary.clientCount) clients, \(summary.repeaters) with a repeat occasion; \(source), "
            + "time in \(summary.unit.rawValue)s\(asOf)", ""]
        func line<P>(_ name: String, _ fit: ModelFit<P>, _ parameters: [(String, Double)], extra: String = "") -> String {
            // A column of 16, and a space after a value too wide for it (a fit that ran far out).
            let values = parameters.map { "\($0.0) \(Self.fixed($0.1, 4))" }
                .map { $0.count < 16 ? $0.padding(to: 16) : $0 + " " }.joined()
            let state = fit.converged ? "converged in \(fit.iterations) iterations" : "NOT converged after \(fit.iterations) iterations"
            return name.padding(to: 13) + (values.count < 64 ? values.padding(to: 64) : values + " ") + "log-likelihood \(Self.fixed(fit.logLikelihood, 2))  "
                + extra + state
        }
        let b = fits.bgnbd.parameters, p = fits.paretoNBD.parameters, g = fits.gammaGamma.parameters
        lines.append(line("BG/NBD", fits.bgnbd, [("r", b.r), ("alpha", b.alpha), ("a", b.a), ("b", b.b)]))
        lines.append(line("Pareto/NBD", fits.paretoNBD, [("r", p.r), ("alpha", p.alpha), ("s", p.s), ("beta", p.beta)]))
        lines.append(line("Gamma-Gamma", fits.gammaGamma, [("p", g.p), ("q", g.q), ("gamma", g.gamma)],
                          extra: "\(summary.spend.reduce(0) { $0 + $1.count }) clients, "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per client (per summary row) under both models.
    func clientRows(_ summary: ModelSummary, _ fits: Fits, options: ModelOptions, scale: Int) -> String {
        let spend = fits.gammaGamma.parameters
        let bg = summary.forecast(fits.bgnbd.parameters, spend: spend, options: options, scale: scale)
        let pareto = summary.forecast(fits.paretoNBD.parameters, spend: spend, options: options, scale: scale)
        var text = "client,x,t_x,T,m_x,count,p_alive_bgnbd,expected_purchases_bgnbd,clv_bgnbd,"
            + "p_alive_pareto_nbd,expected_purchases_pareto_nbd,clv_pareto_nbd,expected_spend\n"
        for (i, client) in summary.clients.enumerated() {
            let fields = [Self.csvField(client.client), "\(client.x)", "\(client.tx)", "\(client.T)",
                          client.mx.map { "\($0)" } ?? "", "\(client.count)",
                          "\(bg[i].probabilityAlive)", "\(bg[i].expectedPurchases)",
                          bg[i].clv?.formatted(scale: scale) ?? "",
                          "\(pareto[i].probabilityAlive)", "\(pareto[i].expectedPurchases)",
                          pareto[i].clv?.formatted(scale: scale) ?? "",
                          bg[i].expectedSpend?.formatted(scale: scale) ?? ""]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A double as JSON: the shortest text that reads back as the same double.
    static func number(_ value: Double) -> String { "\(value)" }

    /// `value` with `digits` decimals, rounded half away from zero (for people, not for machines).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var power = 1.0
        for _ in 0..<digits { power *= 10 }
        let scaled = (abs(value) * power).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return "\(value)" }
        return (value < 0 && scaled > 0 ? "-" : "") + Money(minorUnits: Int64(scaled)).formatted(scale: digits)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension FileSink {
    mutating func write(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try write($0) }
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
