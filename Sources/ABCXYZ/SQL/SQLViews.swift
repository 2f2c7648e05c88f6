/// The script's views, each one step of SPEC §1–§7 or §14, in the order they
/// are created. Each query is written once for all engines; what differs is
/// asked of ``SQLDialect``.
struct SQLViews {
    let script: SQLScript
    var sql: SQLDialect { script.dialect }
    var options: AnalysisOptions { script.options }

    /// (name, query) for every view of ``SQLScript/viewNames``, in that order.
    var all: [(String, String)] {
        [
            ("abcxyz_rows", rows), ("abcxyz_as_of", asOf), ("abcxyz_days", days),
            ("abcxyz_purchases", purchases), ("abcxyz_own_cycles", ownCycles), ("abcxyz_population", population),
            ("abcxyz_variation", options.xyzMeasure == .rate ? rateVariation : periodVariation),
            ("abcxyz_managers", managers), ("abcxyz_client_facts", clientFacts),
            ("abcxyz_classify", classify), ("abcxyz_winback", winBack), ("abcxyz_model_summary", modelSummary),
        ]
    }

    /// The input, read as the engine reads an export (SPEC §9): ids trimmed of
    /// spaces and tabs, an empty manager is none, each amount rounded half away
    /// from zero to the scale and held as whole minor units. Rows without a
    /// client, date or amount are left out (the engine refuses them).
    var rows: String {
        let c = script.columns, s = script.scale
        let manager = c.manager.map { "NULLIF(\(sql.trimmed("CAST(\(sql.identifier($0)) AS \(sql.textType))")), '')" }
            ?? "CAST(NULL AS \(sql.textType))"
        let order = c.rowOrder.map { sql.identifier($0) } ?? "0"
        return """
            SELECT client, day, amount_minor, manager, row_order
            FROM (
              SELECT \(sql.trimmed("CAST(\(sql.identifier(c.client)) AS \(sql.textType))")) AS client,
                     CAST(\(sql.identifier(c.date)) AS DATE) AS day,
                     CAST(ROUND(CAST(\(sql.identifier(c.amount)) AS DECIMAL(38, 6)), \(s)) * \(SQLText.powerOfTen(s)) AS BIGINT) AS amount_minor,
                     \(manager) AS manager,
                     \(order) AS row_order
              FROM \(script.table)
            ) AS input
            WHERE client IS NOT NULL AND client <> '' AND day IS NOT NULL AND amount_minor IS NOT NULL
            """
    }

    /// As-of (§1: the latest date unless given) and the window's start `b_N` (§2).
    var asOf: String {
        let day = options.asOf.map { "SELECT \(SQLText.date($0)) AS as_of" }
            ?? "SELECT CAST(MAX(day) AS DATE) AS as_of FROM abcxyz_rows"
        return """
            SELECT as_of, \(boundary("as_of", "\(options.periodCount)")) AS window_start
            FROM (\(day)) AS latest
            """
    }

    /// Boundary `b_k = asOf − k·L` (§2): months straight from as-of, clamped, never step by step.
    func boundary(_ date: String, _ k: String) -> String {
        switch options.periodLength {
        case .week: sql.minusDays(date, "7 * (\(k))")
        case .month: sql.minusMonths(date, k)
        case .quarter: sql.minusMonths(date, "3 * (\(k))")
        }
    }

    /// Each client's net amount per day of its history (§1: rows after as-of count nowhere).
    var days: String {
        """
        SELECT r.client, r.day, CAST(SUM(r.amount_minor) AS BIGINT) AS net
        FROM abcxyz_rows AS r CROSS JOIN abcxyz_as_of AS a
        WHERE r.day <= a.as_of
        GROUP BY r.client, r.day
        """
    }

    /// The manager at as-of (§8, §11): on the latest row that names one; on
    /// one day the later row by the row-order column, else the larger name.
    var managers: String {
        """
        SELECT client, manager
        FROM (
          SELECT r.client, r.manager,
                 ROW_NUMBER() OVER (PARTITION BY r.client
                                    ORDER BY r.day DESC, r.row_order DESC, \(sql.byteOrder("r.manager")) DESC) AS latest
          FROM abcxyz_rows AS r CROSS JOIN abcxyz_as_of AS a
          WHERE r.day <= a.as_of AND r.manager IS NOT NULL
        ) AS named
        WHERE latest = 1
        """
    }

    /// A money column: whole minor units as `DECIMAL(38, scale)`, exactly
    /// (a product of decimals; a decimal quotient is a double in DuckDB).
    func money(_ minorUnits: String) -> String {
        let s = script.scale
        guard s > 0 else { return "CAST(\(minorUnits) AS DECIMAL(38, 0))" }
        let unit = "0." + String(repeating: "0", count: s - 1) + "1"
        return "CAST(CAST(\(minorUnits) AS DECIMAL(38, 0)) * \(unit) AS DECIMAL(38, \(s)))"
    }
}
