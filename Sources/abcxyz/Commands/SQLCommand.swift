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

    static let dialect = Option<SQLDialect>.choice(
        "dialect", value: "ENGINE", help: "The SQL engine the script is for (required)", default: nil)
    static let table = Option<String>.text(
        "table", value: "NAME", help: "The table (or view) of transactions, as the engine names it",
        default: SQLScript(dialect: .duckdb).table)
    static let noManager = Flag("no-manager", help: "The table has no manager column")
    static let rowOrder = Option<String>.text(
        "row-order", value: "COLUMN",
        help: "A column in the export's row order (a line number): on one day, the later row's manager wins, "
            + "as in a file",
        default: "none: the larger manager name wins")
    static let clientColumn = Option<String>.text(
        "client-column", value: "NAME", help: "The client id column (text)", default: SQLColumns().client)
    static let dateColumn = Option<String>.text(
        "date-column", value: "NAME", help: "The date column (a date)", default: SQLColumns().date)
    static let amountColumn = Option<String>.text(
        "amount-column", value: "NAME", help: "The amount column (any number)", default: SQLColumns().amount)
    static let managerColumn = Option<String>.text(
        "manager-column", value: "NAME", help: "The manager column (text)", default: SQLColumns().manager ?? "none")

    var argumentsHelp: [(String, String)] { [] }

    var optionGroups: [OptionGroup] {
        [OptionGroup(title: "TABLE", options: [Self.dialect, Self.table, Self.noManager, Self.rowOrder,
                                               Self.clientColumn, Self.dateColumn, Self.amountColumn,
                                               Self.managerColumn, InputOptions.scale]),
         SharedOptions.method,
         OptionGroup(title: SharedOptions.model.title, options: [ModelFitOptions.occasions, ModelFitOptions.unit]),
         OptionGroup(title: SharedOptions.output.title, options: [OutputOptions.output])]
    }

    func run(_ arguments: ParsedArguments, console: inout Console) throws {
        guard arguments.positionals.isEmpty else {
            throw UsageError("sql reads a table inside the engine, not a FILE: name it with --table")
        }
        guard let dialect = try arguments.value(of: Self.dialect) else {
            throw UsageError("--dialect is required: duckdb, postgres or spark")
        }
        var script = SQLScript(dialect: dialect, table: arguments.text(of: Self.table) ?? "transactions")
        script.options = try SharedOptions.analysisOptions(arguments)
        let model = try SharedOptions.modelOptions(arguments)
        script.occasions = model.occasions
        script.unit = model.unit
        script.scale = try SharedOptions.readOptions(arguments).scale  // the reader's range (0…6), checked there
        if let name = arguments.text(of: Self.clientColumn) { script.columns.client = name }
        if let name = arguments.text(of: Self.dateColumn) { script.columns.date = name }
        if let name = arguments.text(of: Self.amountColumn) { script.columns.amount = name }
        if arguments.isSet(Self.noManager) {
            if arguments.isGiven(Self.managerColumn) {
                throw UsageError("--no-manager and --manager-column contradict each other: give one")
            }
            script.columns.manager = nil
        } else if let name = arguments.text(of: Self.managerColumn) {
            script.columns.manager = name
        }
        script.columns.rowOrder = arguments.text(of: Self.rowOrder)
        let text = try Self.text(of: script)
        if let path = OutputOptions.outputFile(arguments) {
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
