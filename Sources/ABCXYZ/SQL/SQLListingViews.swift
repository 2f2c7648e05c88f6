/// The two result sets of SPEC §11, built on the client facts: ABC (§3),
/// XYZ (§4), cycle and status (§5), value lost (§6) and the win-back order (§7).
extension SQLViews {
    /// `classify` (§11): every client with a purchase day, in ABC order
    /// (measure descending, id ascending), then the clients with measure ≤ 0 by id.
    var classify: String {
        let measure = options.abcMeasure == .revenue ? "f.revenue" : "f.annual_value"
        let listing = "CASE WHEN measure > 0 THEN 0 ELSE 1 END, CASE WHEN measure > 0 THEN measure ELSE 0 END DESC, "
            + sql.byteOrder("client")
        let positive = "CASE WHEN measure > 0 THEN measure ELSE 0 END"
        return """
            SELECT client, \(money("revenue")) AS revenue, share, abc, cv, xyz,
                   CAST(purchases AS INTEGER) AS purchases, first_purchase, last_purchase, cycle_days,
                   CAST(recency AS INTEGER) AS recency_days, status, \(money("annual_value")) AS annual_value,
                   \(money("aov")) AS aov, \(money("ltv")) AS ltv_loss, tier, manager
            FROM (
              SELECT judged.*,
                     CASE WHEN status = 'active' THEN CAST(NULL AS INTEGER) ELSE \(tier) END AS tier,
                     CASE WHEN status = 'active' THEN 0 ELSE \(roundedLoss("annual_value")) END AS ltv
              FROM (
                SELECT ranked.*,
                       \(abc) AS abc,
                       CASE WHEN measure > 0 THEN \(sql.double("measure")) / \(sql.double("total"))
                            ELSE \(sql.double(0)) END AS share,
                       CASE WHEN cv IS NULL THEN 'Z' WHEN cv <= \(sql.double(options.xyzLimits.x)) THEN 'X'
                            WHEN cv <= \(sql.double(options.xyzLimits.y)) THEN 'Y' ELSE 'Z' END AS xyz,
                       CASE WHEN \(sql.double("recency")) <= \(sql.double(options.atRiskFactor)) * cycle_days THEN 'active'
                            WHEN \(sql.double("recency")) <= \(sql.double(options.lostFactor)) * cycle_days THEN 'at-risk'
                            ELSE 'lost' END AS status,
                       \(averageOrderValue) AS aov
                FROM (
                  SELECT measured.*,
                         ROW_NUMBER() OVER (ORDER BY \(listing)) AS listing_position,
                         SUM(\(positive)) OVER (ORDER BY \(listing) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                           - \(positive) AS value_before,
                         SUM(\(positive)) OVER () AS total
                  FROM (
                    SELECT f.*, \(measure) AS measure,
                           CASE WHEN f.own_cycle IS NOT NULL THEN GREATEST(f.own_cycle, \(sql.double(options.minimumCycleDays)))
                                ELSE p.shared_cycle END AS cycle_days,
                           \(sql.days(from: "f.last_purchase", to: "a.as_of")) AS recency
                    FROM abcxyz_client_facts AS f CROSS JOIN abcxyz_population AS p CROSS JOIN abcxyz_as_of AS a
                  ) AS measured
                ) AS ranked
              ) AS judged
            ) AS listed
            ORDER BY listing_position
            """
    }

    /// §3 exactly: A while `value_before / T < a`, i.e. `value_before · den < T · num` in
    /// 38-digit decimals (no floating point); measure ≤ 0 is C.
    private var abc: String {
        func below(_ limit: DecimalFraction) -> String {
            "CAST(value_before AS DECIMAL(38, 0)) * CAST(\(limit.denominator) AS DECIMAL(38, 0)) "
                + "< CAST(total AS DECIMAL(38, 0)) * CAST(\(limit.numerator) AS DECIMAL(38, 0))"
        }
        return "CASE WHEN measure <= 0 THEN 'C' WHEN \(below(options.abcLimits.a)) THEN 'A' "
            + "WHEN \(below(options.abcLimits.b)) THEN 'B' ELSE 'C' END"
    }

    /// The tier of the client's cell (§7), from the matrix of the options.
    private var tier: String {
        var cases: [String] = []
        for a in ABCClass.allCases {
            for x in XYZClass.allCases {
                cases.append("WHEN abc = '\(a.rawValue)' AND xyz = '\(x.rawValue)' THEN \(options.tierMatrix[a, x].rawValue)")
            }
        }
        return "CAST(CASE " + cases.joined(separator: " ") + " END AS INTEGER)"
    }

    /// `annualValue × horizon × margin` (§6), left to right in doubles as the
    /// engine takes it, rounded half away from zero (the value is never
    /// negative; `v − floor(v)` is exact in binary).
    private func roundedLoss(_ minorUnits: String) -> String {
        let value = "(\(sql.double(minorUnits)) * \(sql.double(options.horizonYears)) * \(sql.double(options.margin)))"
        return "CAST(FLOOR(\(value)) + CASE WHEN \(value) - FLOOR(\(value)) >= \(sql.double(0.5)) THEN 1 ELSE 0 END AS BIGINT)"
    }

    /// Net of the whole history over the purchase days, rounded half away from
    /// zero in whole numbers (the engine's `MoneyRounding.divide`).
    private var averageOrderValue: String {
        let magnitude = "ABS(history_net)"
        let quotient = sql.wholeDivision(magnitude, "purchases")
        return "CASE WHEN history_net < 0 THEN -1 ELSE 1 END * (\(quotient) + "
            + "CASE WHEN 2 * (\(magnitude) - \(quotient) * purchases) >= purchases THEN 1 ELSE 0 END)"
    }

    /// The win-back list (§7, §11): at-risk and lost clients by tier, value
    /// lost descending, then id; `rank` from 1.
    var winBack: String {
        """
        SELECT CAST(ROW_NUMBER() OVER (ORDER BY tier, ltv_loss DESC, \(sql.byteOrder("client"))) AS INTEGER) AS rank,
               client, tier, abc, xyz, status, ltv_loss, annual_value, recency_days, cycle_days, last_purchase, manager
        FROM abcxyz_classify
        WHERE tier IS NOT NULL
        ORDER BY rank
        """
    }
}
