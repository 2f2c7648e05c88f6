/// SPEC §16: one SQL script that computes §1–§7 inside a warehouse, from a
/// table of transactions, and the model summary of §14.
///
/// The script creates the views `abcxyz_classify` and `abcxyz_winback` (the
/// §11 columns, typed: money `DECIMAL(38, scale)`, dates `DATE`, `share` and
/// `cv` `DOUBLE`) and `abcxyz_model_summary` (x, t_x, T, m_x, count), and a few
/// `abcxyz_…` views they are built from. Every statement ends with `;` at the
/// end of a line, and no `;` appears inside one.
///
/// ```swift
/// var script = SQLScript(dialect: .duckdb, table: "sales")
/// script.options.margin = 0.35
/// print(try script.text())
/// ```
public struct SQLScript: Sendable {
    /// The method's options (§2–§7), as for ``TransactionTable/analyze(_:model:threads:)``.
    /// `cycles` is ignored: the table has no category, so every client is one
    /// pair and §13 gives exactly §5.
    public var options = AnalysisOptions()
    /// The engine the script is written for.
    public var dialect: SQLDialect
    /// The table read, as written into the script (it may be qualified: `shop.sales`).
    public var table: String
    /// The input's column names.
    public var columns = SQLColumns()
    /// Fraction digits of a minor unit (§1): amounts are rounded to it per row.
    public var scale = 2
    /// What the model summary counts as an occasion (§14).
    public var occasions: ModelOccasions = .purchaseDays
    /// The unit of t_x and T in the model summary (§14).
    public var unit: ModelUnit = .week

    /// A script with the defaults of docs/spec.md for `table` in `dialect`.
    public init(dialect: SQLDialect, table: String = "transactions") {
        self.dialect = dialect
        self.table = table
    }

    /// The views the script creates, in the order it creates them (each reads only earlier ones).
    public static let viewNames = [
        "abcxyz_rows", "abcxyz_as_of", "abcxyz_days", "abcxyz_purchases", "abcxyz_own_cycles",
        "abcxyz_population", "abcxyz_variation", "abcxyz_managers", "abcxyz_client_facts",
        "abcxyz_classify", "abcxyz_winback", "abcxyz_model_summary",
    ]

    /// The script's statements, each without its `;`.
    /// - Throws: ``OptionsError`` for an option out of its range or a name that cannot go into SQL.
    public func statements() throws(OptionsError) -> [String] {
        try options.validate()
        guard (0...6).contains(scale) else {
            throw OptionsError(option: "scale", requirement: "a whole number from 0 to 6", value: "\(scale)")
        }
        if let problem = SQLText.problem(withName: table, table: true) {
            throw OptionsError(option: "table", requirement: "a table name that \(problem.negated)", value: table)
        }
        for (role, name) in columns.named {
            if let problem = SQLText.problem(withName: name, table: false) {
                throw OptionsError(option: "\(role)Column", requirement: "a column name that \(problem.negated)",
                                   value: name)
            }
        }
        let views = SQLViews(script: self)
        var statements: [String] = []
        if dialect == .postgres {
            // CREATE OR REPLACE VIEW cannot change a view's columns: drop the script's own first.
            statements.append("DROP VIEW IF EXISTS " + Self.viewNames.reversed().joined(separator: ", ") + " CASCADE")
        }
        for (name, query) in views.all {
            statements.append("\(dialect.createView) \(name) AS\n\(query)")
        }
        return statements
    }

    /// The whole script: a comment saying what made it, then every statement
    /// followed by `;` and a line break.
    public func text() throws(OptionsError) -> String {
        let body = try statements()
        var lines = [
            "-- abcxyz \(dialect.rawValue) script (docs/spec.md §16, docs/warehouse.md): reads \(table) "
                + "(\(columns.client), \(columns.date), \(columns.amount)"
                + (columns.manager.map { ", \($0)" } ?? "") + ")",
            "-- and creates the views abcxyz_classify, abcxyz_winback and abcxyz_model_summary.",
            "-- Options: " + optionSummary,
        ]
        lines += body.map { $0 + ";" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The method options in the command line's words, for the script's header.
    var optionSummary: String {
        let o = options
        var parts = [
            "--as-of " + (o.asOf.map { "\($0)" } ?? "latest date"),
            "--period \(o.periodLength.rawValue)", "--months \(o.periodCount)",
            "--abc-measure \(o.abcMeasure.rawValue)", "--abc \(o.abcLimits.a),\(o.abcLimits.b)",
            "--xyz \(SQLText.number(o.xyzLimits.x)),\(SQLText.number(o.xyzLimits.y))",
            "--xyz-measure \(o.xyzMeasure.rawValue)", "--min-periods \(o.minimumSpanPeriods)",
            "--min-intervals \(o.minimumIntervals)", "--fallback-cycle \(SQLText.number(o.fallbackCycleDays))",
            "--min-cycle \(SQLText.number(o.minimumCycleDays))", "--at-risk-factor \(SQLText.number(o.atRiskFactor))",
            "--lost-factor \(SQLText.number(o.lostFactor))", "--horizon \(SQLText.number(o.horizonYears))",
            "--margin \(SQLText.number(o.margin))", "--tiers \(o.tierMatrix)", "--scale \(scale)",
            "--occasions \(occasions.rawValue)", "--model-unit \(unit.rawValue)",
        ]
        if let order = columns.rowOrder { parts.append("--row-order \(order)") }
        return parts.joined(separator: " ")
    }
}

/// The names of the input table's columns (SPEC §16): `client` (text),
/// `date` (a date), `amount` (any numeric type) and optionally `manager`.
public struct SQLColumns: Hashable, Sendable {
    /// The client id: text, trimmed of spaces and tabs.
    public var client = "client"
    /// The day: a `DATE` (a timestamp is cast to its day).
    public var date = "date"
    /// The amount: any numeric type, rounded per row to the scale.
    public var amount = "amount"
    /// `nil`: the table has no manager column (every manager is empty).
    public var manager: String? = "manager"
    /// A column that orders rows as the export did (a line number), for the
    /// rule "ties on the same day: the later input row" of §8; `nil`: a table
    /// has no row order, and the larger manager name (byte order) wins a tie.
    public var rowOrder: String? = nil

    /// The names of SPEC §16: client, date, amount, manager; no row order.
    public init() {}

    /// Every name given, with its role.
    var named: [(String, String)] {
        [("client", client), ("date", date), ("amount", amount)]
            + (manager.map { [("manager", $0)] } ?? []) + (rowOrder.map { [("rowOrder", $0)] } ?? [])
    }
}

private extension String {
    /// "is empty" → "is not empty", "holds a …" → "does not hold a …".
    var negated: String {
        hasPrefix("is ") ? "is not " + dropFirst(3) : hasPrefix("holds ") ? "does not hold " + dropFirst(6) : self
    }
}
