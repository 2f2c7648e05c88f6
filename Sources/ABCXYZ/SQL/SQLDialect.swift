/// The SQL engines `abcxyz sql` writes for (SPEC §16), and the few places
/// where their SQL differs: type names, day arithmetic, integer division,
/// byte-order comparison of text and how a view is created.
///
/// Everything else of the script is the SQL the three share, so that one
/// script text reads the same on each and a difference is named here.
public enum SQLDialect: String, Hashable, Sendable, CaseIterable {
    case duckdb
    case postgres
    case spark

    /// The text type: ids and managers are cast to it before they are trimmed.
    var textType: String {
        switch self {
        case .duckdb: "VARCHAR"
        case .postgres: "TEXT"
        case .spark: "STRING"
        }
    }

    /// IEEE binary64: the engine's `Double`, so rates, cv, share and cycles
    /// are computed with the same operations and the same rounding.
    var doubleType: String {
        self == .postgres ? "DOUBLE PRECISION" : "DOUBLE"
    }

    /// `CAST(expression AS DOUBLE)`.
    func double(_ expression: String) -> String { "CAST(\(expression) AS \(doubleType))" }

    /// A double constant, exactly the engine's: parsed from its shortest
    /// spelling (a bare `0.1` is DECIMAL in all three engines, not a double).
    func double(_ value: Double) -> String { "CAST('\(SQLText.number(value))' AS \(doubleType))" }

    /// Whole days from `start` to `end` (`end − start`, SPEC §1).
    func days(from start: String, to end: String) -> String {
        switch self {
        case .duckdb: "date_diff('day', \(start), \(end))"
        case .postgres: "(\(end) - \(start))"
        case .spark: "datediff(\(end), \(start))"
        }
    }

    /// `date − months` calendar months, the day of month clamped to the target
    /// month's length (SPEC §2: 2024-03-31 − 1 month = 2024-02-29): each engine's
    /// own month arithmetic does exactly that.
    func minusMonths(_ date: String, _ months: String) -> String {
        switch self {
        case .duckdb: "CAST(\(date) - to_months(CAST(\(months) AS INTEGER)) AS DATE)"
        case .postgres: "CAST(\(date) - make_interval(months => CAST(\(months) AS INTEGER)) AS DATE)"
        case .spark: "add_months(\(date), -(\(months)))"
        }
    }

    /// `date − days`.
    func minusDays(_ date: String, _ days: String) -> String {
        switch self {
        case .duckdb: "CAST(\(date) - to_days(CAST(\(days) AS INTEGER)) AS DATE)"
        case .postgres: "(\(date) - CAST(\(days) AS INTEGER))"
        case .spark: "date_sub(\(date), CAST(\(days) AS INT))"
        }
    }

    /// Integer division of non-negative whole numbers (truncating; each
    /// engine spells it differently, and `/` is a double division in two of them).
    func wholeDivision(_ dividend: String, _ divisor: String) -> String {
        switch self {
        case .duckdb: "(\(dividend) // \(divisor))"
        case .postgres: "(\(dividend) / \(divisor))"
        case .spark: "(\(dividend) div \(divisor))"
        }
    }

    /// Text ordered by its UTF-8 bytes (SPEC §3's tie rule): DuckDB and Spark
    /// compare strings byte for byte; PostgreSQL only under the "C" collation.
    func byteOrder(_ expression: String) -> String {
        self == .postgres ? "\(expression) COLLATE \"C\"" : expression
    }

    /// Spaces and tabs around an id are not part of it (SPEC §9).
    func trimmed(_ expression: String) -> String {
        switch self {
        case .duckdb: "trim(\(expression), ' ' || chr(9))"
        case .postgres: "btrim(\(expression), ' ' || chr(9))"
        case .spark: "trim(BOTH concat(' ', chr(9)) FROM \(expression))"
        }
    }

    /// A column name as written (quoted, so that `date` or a mixed-case name is taken literally).
    func identifier(_ name: String) -> String {
        switch self {
        case .duckdb, .postgres: "\"" + name.replacingAll("\"", with: "\"\"") + "\""
        case .spark: "`" + name.replacingAll("`", with: "``") + "`"
        }
    }

    /// The whole numbers 1…count as a one-column relation `k` (the periods of §2).
    func wholeNumbers(through count: Int) -> String {
        switch self {
        case .duckdb: "(SELECT CAST(k AS INTEGER) AS k FROM range(1, \(count + 1)) AS numbers(k))"
        case .postgres: "(SELECT k FROM generate_series(1, \(count)) AS numbers(k))"
        case .spark: "(SELECT CAST(id AS INT) AS k FROM range(1, \(count + 1)))"
        }
    }

    /// How a view is made. Spark's views are temporary: a permanent one needs a
    /// catalog and cannot read a temporary view the data may have been loaded as.
    var createView: String {
        self == .spark ? "CREATE OR REPLACE TEMPORARY VIEW" : "CREATE OR REPLACE VIEW"
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
