/// The model summary of SPEC §14, grouped: what a warehouse sends abcxyz to
/// fit (`abcxyz model --summary FILE`, §16) instead of billions of rows.
extension SQLViews {
    /// x = occasions − 1, t_x = last − first occasion, T = as-of − first
    /// occasion (in the model's unit), m_x = mean net of the repeat occasions in
    /// currency units (empty when x = 0), and how many clients share them.
    /// Doubles are computed as the engine computes them, so the groups and
    /// the fit are the same.
    var modelSummary: String {
        let unit = sql.double(script.unit.days)
        let occasions = script.occasions == .purchaseDays ? "\n  WHERE net > 0" : ""
        let majorUnit = sql.double(Double(SQLText.powerOfTen(script.scale))!)
        return """
            SELECT CAST(x AS INTEGER) AS x, t_x, age AS \(sql.identifier("T")), m_x, COUNT(*) AS \(sql.identifier("count"))
            FROM (
              SELECT occasions - 1 AS x,
                     \(sql.double(sql.days(from: "first_occasion", to: "last_occasion"))) / \(unit) AS t_x,
                     \(sql.double(sql.days(from: "first_occasion", to: "as_of"))) / \(unit) AS age,
                     CASE WHEN occasions > 1
                          THEN \(sql.double("repeat_net")) / \(majorUnit) / \(sql.double("occasions - 1")) END AS m_x
              FROM (
                SELECT o.client, COUNT(*) AS occasions, MIN(o.day) AS first_occasion, MAX(o.day) AS last_occasion,
                       CAST(SUM(CASE WHEN o.position > 1 THEN o.net ELSE 0 END) AS BIGINT) AS repeat_net,
                       MAX(a.as_of) AS as_of
                FROM (
                  SELECT client, day, net, ROW_NUMBER() OVER (PARTITION BY client ORDER BY day) AS position
                  FROM abcxyz_days\(occasions)
                ) AS o CROSS JOIN abcxyz_as_of AS a
                GROUP BY o.client
              ) AS per_client
            ) AS summary
            GROUP BY x, t_x, age, m_x
            ORDER BY 1, 2, 3, 4
            """
    }
}
