import ABCXYZ
import Testing

/// The structure of `abcxyz sql`'s script (SPEC §16): splittable at `;` line ends, the
/// views and their §11 columns, the options written in. That the engines compute the
/// engine's figures from it is checked in the engines themselves (Tests/SQL/check_sql.py,
/// SQLEngineTests), with the hand-worked boundaries there.
@Suite("The SQL script: statements, views, columns and options (SPEC §16)")
struct SQLScriptTests {
    static let classifyColumns = ["client", "revenue", "share", "abc", "cv", "xyz", "purchases", "first_purchase",
                                  "last_purchase", "cycle_days", "recency_days", "status", "annual_value", "aov",
                                  "ltv_loss", "tier", "manager"]
    static let winBackColumns = ["rank", "client", "tier", "abc", "xyz", "status", "ltv_loss", "annual_value",
                                 "recency_days", "cycle_days", "last_purchase", "manager"]

    /// The query of view `name` in `script`.
    func view(_ name: String, in script: String) throws -> String {
        let statements = script.split(separator: ";\n").map(String.init)
        let statement = try #require(statements.first { $0.contains(" VIEW \(name) AS\n") })
        return String(statement[statement.range(of: " VIEW \(name) AS\n")!.upperBound...])
    }

    /// The names of the outermost SELECT's columns: each item's last word, items split at
    /// commas outside parentheses.
    func outputColumns(_ query: String) -> [String] {
        var items: [String] = [], current = "", depth = 0
        var rest = query.dropFirst("SELECT ".count)
        if let end = rest.range(of: "\nFROM") { rest = rest[..<end.lowerBound] }
        for character in rest {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items.map { item in
            String(item.split(whereSeparator: { $0 == " " || $0 == "\n" }).last!)
                .trimmingCharacters(in: "\"`")
        }
    }

    @Test("Every statement ends with ';' at the end of a line and holds no other ';'", arguments: SQLDialect.allCases)
    func splittable(dialect: SQLDialect) throws {
        var options = AnalysisOptions()
        options.xyzMeasure = .revenue  // the period join too
        for measure in [XYZMeasure.rate, .revenue] {
            options.xyzMeasure = measure
            var script = SQLScript(dialect: dialect, table: "shop.sales")
            script.options = options
            let text = try script.text()
            #expect(text.hasSuffix(";\n"))
            let pieces = text.split(separator: ";\n", omittingEmptySubsequences: false)
            #expect(pieces.last == "")
            for piece in pieces.dropLast() {
                #expect(!piece.contains(";"))
                #expect(!piece.trimmingCharacters(in: " \n").isEmpty)
            }
            // 12 views, and PostgreSQL first drops them (a replaced view cannot change its columns).
            #expect(pieces.count - 1 == (dialect == .postgres ? 13 : 12))
        }
    }

    @Test("The views are created in order, each reading only earlier ones; Spark's are temporary",
          arguments: SQLDialect.allCases)
    func viewsInOrder(dialect: SQLDialect) throws {
        let text = try SQLScript(dialect: dialect).text()
        let create = dialect == .spark ? "CREATE OR REPLACE TEMPORARY VIEW " : "CREATE OR REPLACE VIEW "
        let created = text.split(separator: "\n").filter { $0.hasPrefix(create) }.map {
            String($0.dropFirst(create.count).dropLast(" AS".count))
        }
        #expect(created == ["abcxyz_rows", "abcxyz_as_of", "abcxyz_days", "abcxyz_purchases", "abcxyz_own_cycles",
                            "abcxyz_population", "abcxyz_variation", "abcxyz_managers", "abcxyz_client_facts",
                            "abcxyz_classify", "abcxyz_winback", "abcxyz_model_summary"])
        for (index, name) in created.enumerated() {
            let query = try view(name, in: text)
            for later in created[index...] { #expect(!query.contains(later + " "), "\(name) reads \(later)") }
        }
        #expect(try view("abcxyz_rows", in: text).contains("FROM transactions\n"))
    }

    @Test("classify and winback have exactly the §11 columns, in order; the summary x, t_x, T, m_x, count",
          arguments: SQLDialect.allCases)
    func columns(dialect: SQLDialect) throws {
        let text = try SQLScript(dialect: dialect).text()
        #expect(outputColumns(try view("abcxyz_classify", in: text)) == Self.classifyColumns)
        #expect(outputColumns(try view("abcxyz_winback", in: text)) == Self.winBackColumns)
        #expect(outputColumns(try view("abcxyz_model_summary", in: text)) == ["x", "t_x", "T", "m_x", "count"])
    }

    @Test("Money is DECIMAL(38, scale) built exactly from minor units; share and cv are doubles")
    func types() throws {
        var script = SQLScript(dialect: .duckdb)
        script.scale = 3
        let classify = try view("abcxyz_classify", in: script.text())
        // 1234567 minor units at scale 3 are 1234.567: the whole number times 0.001, exactly.
        #expect(classify.contains("CAST(CAST(revenue AS DECIMAL(38, 0)) * 0.001 AS DECIMAL(38, 3)) AS revenue"))
        #expect(classify.contains("CAST(measure AS DOUBLE) / CAST(total AS DOUBLE)"))
        // Per row: rounded to 3 digits half away from zero, then × 10^3 as a whole number.
        #expect(try view("abcxyz_rows", in: script.text()).contains("ROUND(CAST(\"amount\" AS DECIMAL(38, 6)), 3) * 1000 AS BIGINT"))
        script.scale = 0
        #expect(try view("abcxyz_classify", in: script.text()).contains("CAST(revenue AS DECIMAL(38, 0)) AS revenue"))
    }

    @Test("ABC compares before · 10 < T · 8 for a = 0.8 and before · 100 < T · 95 for b = 0.95, in decimals")
    func exactABC() throws {
        let text = try SQLScript(dialect: .postgres).text()
        let classify = try view("abcxyz_classify", in: text)
        #expect(classify.contains("CAST(value_before AS DECIMAL(38, 0)) * CAST(10 AS DECIMAL(38, 0)) "
            + "< CAST(total AS DECIMAL(38, 0)) * CAST(8 AS DECIMAL(38, 0)) THEN 'A'"))
        #expect(classify.contains("CAST(value_before AS DECIMAL(38, 0)) * CAST(100 AS DECIMAL(38, 0)) "
            + "< CAST(total AS DECIMAL(38, 0)) * CAST(95 AS DECIMAL(38, 0)) THEN 'B'"))
        // Ties by id in byte order: PostgreSQL compares under the "C" collation.
        #expect(classify.contains("client COLLATE \"C\""))
    }

    @Test("The options are written in: as-of, the window, the factors, margin and horizon, the tier matrix")
    func optionsReflected() throws {
        var script = SQLScript(dialect: .spark, table: "sales")
        script.options.asOf = Day(iso: "2024-03-31")
        script.options.periodLength = .quarter
        script.options.periodCount = 4
        script.options.margin = 0.35
        script.options.horizonYears = 2
        script.options.atRiskFactor = 1.2
        script.options.lostFactor = 2.5
        script.options.minimumCycleDays = 0
        script.options.fallbackCycleDays = 45
        script.options.minimumIntervals = 1
        script.options.xyzLimits = XYZLimits(x: 0.3, y: 0.6)
        script.options.tierMatrix = try #require(TierMatrix("1,2,3,2,3,4,3,4,4"))
        let text = try script.text()
        // As-of given: no MAX(day); the window starts 4 quarters = 12 months before it.
        #expect(try view("abcxyz_as_of", in: text).contains("SELECT DATE '2024-03-31' AS as_of"))
        #expect(try view("abcxyz_as_of", in: text).contains("add_months(as_of, -(3 * (4)))"))
        let classify = try view("abcxyz_classify", in: text)
        #expect(classify.contains("(CAST(annual_value AS DOUBLE) * CAST('2.0' AS DOUBLE) * CAST('0.35' AS DOUBLE))"))
        #expect(classify.contains("<= CAST('1.2' AS DOUBLE) * cycle_days THEN 'active'"))
        #expect(classify.contains("<= CAST('2.5' AS DOUBLE) * cycle_days THEN 'at-risk'"))
        #expect(classify.contains("cv <= CAST('0.3' AS DOUBLE) THEN 'X'"))
        #expect(classify.contains("cv <= CAST('0.6' AS DOUBLE) THEN 'Y'"))
        #expect(classify.contains("WHEN abc = 'A' AND xyz = 'Z' THEN 3"))
        #expect(classify.contains("WHEN abc = 'C' AND xyz = 'X' THEN 3"))
        #expect(classify.contains("WHEN abc = 'B' AND xyz = 'Z' THEN 4"))
        #expect(try view("abcxyz_own_cycles", in: text).contains("WHEN intervals >= 1"))
        #expect(try view("abcxyz_population", in: text)
            .contains("GREATEST(COALESCE(population_cycle, CAST('45.0' AS DOUBLE)), CAST('0.0' AS DOUBLE))"))
        #expect(try view("abcxyz_rows", in: text).contains("FROM sales\n"))
    }

    @Test("Months are subtracted from as-of directly with each engine's clamping month arithmetic")
    func monthArithmetic() throws {
        var options = AnalysisOptions()
        options.periodCount = 1
        options.minimumSpanPeriods = 2
        options.asOf = Day(iso: "2024-03-31")  // − 1 month = 2024-02-29 (SPEC §2)
        let expected: [SQLDialect: String] = [
            .duckdb: "CAST(as_of - to_months(CAST(1 AS INTEGER)) AS DATE)",
            .postgres: "CAST(as_of - make_interval(months => CAST(1 AS INTEGER)) AS DATE)",
            .spark: "add_months(as_of, -(1))",
        ]
        for dialect in SQLDialect.allCases {
            var script = SQLScript(dialect: dialect)
            script.options = options
            #expect(try view("abcxyz_as_of", in: script.text()).contains(expected[dialect]! + " AS window_start"))
        }
    }

    @Test("The model summary counts purchase days or every day with a row, in weeks or days")
    func modelSummaryOptions() throws {
        var script = SQLScript(dialect: .duckdb)
        var summary = try view("abcxyz_model_summary", in: script.text())
        #expect(summary.contains("FROM abcxyz_days\n  WHERE net > 0"))
        #expect(summary.contains("/ CAST('7.0' AS DOUBLE) AS t_x"))
        // m_x in currency units: minor units / 100 / x, left to right as the engine divides.
        #expect(summary.contains("CAST(repeat_net AS DOUBLE) / CAST('100.0' AS DOUBLE) / CAST(occasions - 1 AS DOUBLE)"))
        script.occasions = .transactionDays
        script.unit = .day
        summary = try view("abcxyz_model_summary", in: script.text())
        #expect(!summary.contains("WHERE net > 0"))
        #expect(summary.contains("/ CAST('1.0' AS DOUBLE) AS t_x"))
    }

    @Test("Without a manager column every manager is empty; a row-order column breaks same-day ties")
    func managerColumns() throws {
        var script = SQLScript(dialect: .duckdb)
        script.columns.manager = nil
        #expect(try view("abcxyz_rows", in: script.text()).contains("CAST(NULL AS VARCHAR) AS manager"))
        script.columns.rowOrder = "line_no"
        #expect(try view("abcxyz_rows", in: script.text()).contains("\"line_no\" AS row_order"))
        #expect(try view("abcxyz_managers", in: script.text()).contains("ORDER BY r.day DESC, r.row_order DESC"))
    }

    @Test("A name that would split the script, or an option out of range, is refused")
    func refusals() throws {
        var script = SQLScript(dialect: .duckdb, table: "sales; DROP TABLE x")
        #expect(throws: OptionsError.self) { try script.text() }
        script.table = "sales"
        script.columns.client = "a;b"
        #expect(throws: OptionsError.self) { try script.text() }
        script.columns.client = "client"
        script.scale = 7
        #expect(throws: OptionsError.self) { try script.text() }
        script.scale = 2
        script.options.margin = 35
        #expect(throws: OptionsError.self) { try script.text() }
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var view = self[...]
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
