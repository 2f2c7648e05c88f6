/// The per-client figures of SPEC §4–§6 that need no other client: purchase
/// days and their gaps, the own cycle, the coefficient of variation, and the
/// sums of §3 and §6. The population cycle is the one figure over all clients.
extension SQLViews {
    /// Purchase days (net > 0, §1) with the gap in days since the previous one.
    var purchases: String {
        """
        SELECT client, day, net,
               \(sql.days(from: "LAG(day) OVER (PARTITION BY client ORDER BY day)", to: "day")) AS gap
        FROM abcxyz_days
        WHERE net > 0
        """
    }

    /// The own cycle (§5): the median interval, the mean of the two middle
    /// ones when their count is even, with at least `minimumIntervals` of them.
    /// Positions 2p ∈ [n, n + 2] are the middle one (n odd) or two (n even).
    var ownCycles: String {
        """
        SELECT client, intervals,
               CASE WHEN intervals >= \(options.minimumIntervals)
                    THEN (\(sql.double("MIN(gap)")) + \(sql.double("MAX(gap)"))) / 2 END AS own_cycle
        FROM (
          SELECT client, gap,
                 ROW_NUMBER() OVER (PARTITION BY client ORDER BY gap) AS position,
                 COUNT(*) OVER (PARTITION BY client) AS intervals
          FROM abcxyz_purchases
          WHERE gap IS NOT NULL
        ) AS ranked
        WHERE 2 * position BETWEEN intervals AND intervals + 2
        GROUP BY client, intervals
        """
    }

    /// The population cycle (§5): the median of the own cycles before the
    /// minimum; and the cycle of every client without its own.
    var population: String {
        """
        SELECT population_cycle,
               GREATEST(COALESCE(population_cycle, \(sql.double(options.fallbackCycleDays))), \(sql.double(options.minimumCycleDays))) AS shared_cycle
        FROM (
          SELECT (MIN(own_cycle) + MAX(own_cycle)) / 2 AS population_cycle
          FROM (
            SELECT own_cycle,
                   ROW_NUMBER() OVER (ORDER BY own_cycle) AS position,
                   COUNT(*) OVER () AS cycles
            FROM abcxyz_own_cycles
            WHERE own_cycle IS NOT NULL
          ) AS ranked
          WHERE 2 * position BETWEEN cycles AND cycles + 2
        ) AS middle
        """
    }

    /// `cv` of the rate measure (§4): money per day since the previous purchase
    /// day, population standard deviation in two passes, over the mean.
    var rateVariation: String {
        """
        SELECT client,
               CASE WHEN rates >= \(options.minimumSpanPeriods) THEN SQRT(squares / \(sql.double("rates"))) / mean END AS cv
        FROM (
          SELECT client, rates, mean, SUM((rate - mean) * (rate - mean)) AS squares
          FROM (
            SELECT client, rate,
                   COUNT(*) OVER (PARTITION BY client) AS rates,
                   SUM(rate) OVER (PARTITION BY client) / \(sql.double("COUNT(*) OVER (PARTITION BY client)")) AS mean
            FROM (
              SELECT client, \(sql.double("net")) / \(sql.double("gap")) AS rate
              FROM abcxyz_purchases
              WHERE gap IS NOT NULL
            ) AS rated
          ) AS centred
          GROUP BY client, rates, mean
        ) AS summed
        """
    }

    /// `cv` of the classic measures (§4): the net revenue or the purchase days
    /// of each period of the active span, the empty periods between as zeros;
    /// undefined for a span shorter than `minimumSpanPeriods` or a mean ≤ 0.
    var periodVariation: String {
        let value = options.xyzMeasure == .revenue ? "revenue" : "purchase_days"
        return """
            SELECT client,
                   CASE WHEN periods >= \(options.minimumSpanPeriods) AND mean > 0
                        THEN SQRT(squares / \(sql.double("periods"))) / mean END AS cv
            FROM (
              SELECT client, periods, mean,
                     SUM((\(sql.double("value")) - mean) * (\(sql.double("value")) - mean))
                       + \(sql.double("periods - COUNT(*)")) * mean * mean AS squares
              FROM (
                SELECT client, value, periods,
                       \(sql.double("SUM(value) OVER (PARTITION BY client)")) / \(sql.double("periods")) AS mean
                FROM (
                  SELECT client, k, value, oldest - newest + 1 AS periods
                  FROM (
                    SELECT client, k, \(value) AS value,
                           MIN(CASE WHEN purchase_days > 0 THEN k END) OVER (PARTITION BY client) AS newest,
                           MAX(CASE WHEN purchase_days > 0 THEN k END) OVER (PARTITION BY client) AS oldest
                    FROM (
                      SELECT d.client, p.k, CAST(SUM(d.net) AS BIGINT) AS revenue,
                             COUNT(CASE WHEN d.net > 0 THEN 1 END) AS purchase_days
                      FROM abcxyz_days AS d
                      JOIN (
                        SELECT n.k, \(boundary("a.as_of", "n.k")) AS low, \(boundary("a.as_of", "n.k - 1")) AS high
                        FROM \(sql.wholeNumbers(through: options.periodCount)) AS n CROSS JOIN abcxyz_as_of AS a
                      ) AS p ON d.day > p.low AND d.day <= p.high
                      GROUP BY d.client, p.k
                    ) AS per_period
                  ) AS spans
                  WHERE k BETWEEN newest AND oldest
                ) AS inside
              ) AS centred
              GROUP BY client, periods, mean
            ) AS summed
            """
    }

    /// One row per client with a purchase day (§1): purchases, first and last
    /// purchase, window revenue (§3), net of the whole history, annual value
    /// (§6: rows after last purchase − 365 days, never below 0), own cycle, cv
    /// and manager.
    var clientFacts: String {
        """
        SELECT f.client, f.purchases, f.first_purchase, f.last_purchase, f.revenue, f.history_net,
               CASE WHEN f.annual_net > 0 THEN f.annual_net ELSE 0 END AS annual_value,
               c.own_cycle, v.cv, m.manager
        FROM (
          SELECT d.client,
                 COUNT(CASE WHEN d.net > 0 THEN 1 END) AS purchases,
                 MIN(CASE WHEN d.net > 0 THEN d.day END) AS first_purchase,
                 MAX(d.last_purchase) AS last_purchase,
                 CAST(SUM(CASE WHEN d.day > a.window_start THEN d.net ELSE 0 END) AS BIGINT) AS revenue,
                 CAST(SUM(d.net) AS BIGINT) AS history_net,
                 CAST(SUM(CASE WHEN \(sql.days(from: "d.day", to: "d.last_purchase")) < 365 THEN d.net ELSE 0 END) AS BIGINT) AS annual_net
          FROM (
            SELECT client, day, net, MAX(CASE WHEN net > 0 THEN day END) OVER (PARTITION BY client) AS last_purchase
            FROM abcxyz_days
          ) AS d CROSS JOIN abcxyz_as_of AS a
          WHERE d.last_purchase IS NOT NULL
          GROUP BY d.client
        ) AS f
        LEFT JOIN abcxyz_own_cycles AS c ON c.client = f.client
        LEFT JOIN abcxyz_variation AS v ON v.client = f.client
        LEFT JOIN abcxyz_managers AS m ON m.client = f.client
        """
    }
}
