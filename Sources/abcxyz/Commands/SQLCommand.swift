import ABCXYZ

/// `abcxyz sql`: prints the SQL script of docs/spec.md §16, which computes
/// `classify`, `winback` and the model summary inside DuckDB, PostgreSQL or
/// Spark, for data that stays in a warehouse (docs/warehouse.md).
struct SQLCommand: Command {
    var name: String { "sql" }

    var abstract: String {
        "Print a SQL script (DuckDB, PostgreSQL, Spark) that classifies a warehouse table exactly as classify and "
            + "winback do, and summarises it for the model [§16]."
    }

    var argumentsHelp: [(String, String)] { [] }

    var optionGroups: [OptionGroup] {
        let table = OptionGroup(title: "TABLE", options: [
            OptionDefinition("dialect", value: "ENGINE", help: "The SQL engine the script is for (required)",
                             choices: SQLDialect.allCases.map(\.rawValue)),
            OptionDefinition("table", value: "NAME", help: "The table (or view) of transactions, as the engine names it",
                             default: "transactions"),
            OptionDefinition("no-manager", help: "The table has no manager column"),
            OptionDefinition("row-order", value: "COLUMN",
                             help: "A column in the export's row order (a line number): on one day, the later row's "
                                 + "manager wins, as in a file",
                             default: "none: the larger manager name wins"),
            OptionDefinition("client-column", value: "NAME", help: "The client id column (text)", default: "client"),
            OptionDefinition("date-column", value: "NAME", help: "The date column (a date)", default: "date"),
            OptionDefinition("amount-column", value: "NAME", help: "The amount column (any number)", default: "amount"),
            OptionDefinition("manager-column", value: "NAME", help: "The manager column (text)", default: "manager"),
        ] + SharedOptions.input.options.filter { $0.name == "scale" })
        let model = OptionGroup(title: SharedOptions.model.title, options: SharedOptions.model.options.filter {
            ["occasions", "model-unit"].contains($0.name)
        })
        let output = OptionGroup(title: SharedOptions.output.title,
                                 options: SharedOptions.output.options.filter { $0.name == "output" })
        return [table, SharedOptions.method, model, output]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        guard arguments.positionals.isEmpty else {
            throw UsageError("sql reads a table inside the engine, not a FILE: name it with --table")
        }
        guard let dialect = try arguments.value("dialect", expected: "duckdb, postgres or spark",
                                                SQLDialect.init(rawValue:)) else {
            throw UsageError("--dialect is required: duckdb, postgres or spark")
        }
        var script = SQLScript(dialect: dialect, table: arguments["table"] ?? "transactions")
        script.options = try SharedOptions.analysisOptions(arguments)
        let model = try SharedOptions.modelOptions(arguments)
        script.occasions = model.occasions
        script.unit = model.unit
        script.scale = try arguments.value("scale", expected: "a whole number from 0 to 6") {
            Int($0).flatMap { (0...6).contains($0) ? $0 : nil }
        } ?? 2
        if let name = arguments["client-column"] { script.columns.client = name }
        if let name = arguments["date-column"] { script.columns.date = name }
        if let name = arguments["amount-column"] { script.columns.amount = name }
        if arguments.has("no-manager") {
            if arguments["manager-column"] != nil {
                throw UsageError("--no-manager and --manager-column contradict each other: give one")
            }
            script.columns.manager = nil
        } else if let name = arguments["manager-column"] {
            script.columns.manager = name
        }
        script.columns.rowOrder = arguments["row-order"]
        let text = try Self.text(of: script)
        if let path = arguments["output"], path != "-" {
            try OutputTargets.checkDistinct([OutputTargets.Output(option: "--output", path: path)], input: nil)
            try OutputFile.write(path) { sink in try Array(text.utf8).withUnsafeBytes { try sink.write($0) } }
        } else {
            try console.print(text)
        }
    }

    /// The script, with a name that cannot go into SQL reported as the flag that gave it (exit 64).
    static func text(of script: SQLScript) throws -> String {
        let result: Result<String, OptionsError>
        do { result = .success(try script.text()) } catch { result = .failure(error) }
        switch result {
        case .success(let text): return text
        case .failure(let error):
            let flags = ["table": "--table", "clientColumn": "--client-column", "dateColumn": "--date-column",
                         "amountColumn": "--amount-column", "managerColumn": "--manager-column",
                         "rowOrderColumn": "--row-order"]
            guard let flag = flags[error.option] else { throw error }
            throw UsageError("\(flag) must be \(error.requirement) (got '\(error.value ?? "")')")
        }
    }
}
