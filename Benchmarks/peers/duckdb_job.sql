-- SPEC.md §1–7 and §11 in DuckDB SQL: the same job as `abcxyz classify` +
-- `abcxyz winback` with the default options (ABC by annual value, XYZ by the
-- rate measure), written the way a DuckDB user would: the rows are read once
-- and folded to client × day, and everything else is computed from that.
-- Placeholders: {input}, {classify_out}, {winback_out}, {threads}.
-- Ids are trimmed with trim() (spaces; the benchmark data holds no tabs, and
-- trim with an explicit set of characters costs DuckDB a second at 10 M rows).
-- row_number() OVER () keeps file order for the same-day manager rule: the
-- CSV reader has no file_row_number.
-- `abcxyz sql --dialect duckdb` prints the portable reference of the same
-- rules (docs/warehouse.md); this is that logic, tuned.
SET threads = {threads};
SET preserve_insertion_order = true;

-- §1, §8: client × day, with the manager of the day's last row that names one.
CREATE TEMP TABLE daily AS
WITH tx AS (
    SELECT trim(client)                  AS client,
           "date"                        AS day,
           CAST(amount * 100 AS BIGINT)  AS cents,
           NULLIF(trim(manager), '')     AS manager,
           row_number() OVER ()          AS seq
    FROM read_csv('{input}', header = true, delim = ',', quote = '"', escape = '"',
                  columns = {'client': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,2)', 'manager': 'VARCHAR'})
)
SELECT client, day, sum(cents) AS net,
       arg_max(manager, seq) FILTER (WHERE manager IS NOT NULL) AS manager
FROM tx GROUP BY client, day;

-- §1: as-of is the latest date (so history is every row); §2: the window's start.
CREATE TEMP TABLE params AS
SELECT as_of, CAST(as_of - INTERVAL 12 MONTH AS DATE) AS window_start FROM (SELECT max(day) AS as_of FROM daily);

-- §4, §5: purchase days, their gaps and rates; own cycle = median gap, cv of the rates.
-- The mean and the squared deviations are two passes, as §4 asks.
CREATE TEMP TABLE purchase_stats AS
WITH p AS (
    SELECT client, day, net, day - lag(day) OVER (PARTITION BY client ORDER BY day) AS gap
    FROM daily WHERE net > 0
), r AS (
    SELECT client, day, gap, net::DOUBLE / gap AS rate,
           avg(net::DOUBLE / gap) OVER (PARTITION BY client) AS mean
    FROM p
)
SELECT client, count(*) AS purchases, min(day) AS first_p, max(day) AS last_p,
       count(gap) AS intervals, median(gap) AS own_cycle,
       CASE WHEN count(rate) >= 3 THEN sqrt(sum((rate - mean) * (rate - mean)) / count(rate)) / any_value(mean) END AS cv
FROM r GROUP BY client;

-- §3, §6: window revenue, whole-history net, annual value; §8: the manager at as-of.
CREATE TEMP TABLE result AS
WITH money AS (
    SELECT d.client,
           sum(d.net) FILTER (WHERE d.day > (SELECT window_start FROM params)) AS revenue,
           sum(d.net)                                                        AS history_net,
           greatest(coalesce(sum(d.net) FILTER (WHERE d.day > ps.last_p - 365), 0), 0) AS annual,
           arg_max(d.manager, d.day) FILTER (WHERE d.manager IS NOT NULL)   AS manager
    FROM daily d JOIN purchase_stats ps USING (client)
    GROUP BY d.client
), population AS (
    SELECT coalesce(median(own_cycle) FILTER (WHERE intervals >= 2), 30.0) AS cycle FROM purchase_stats
), measured AS (
    SELECT ps.*, coalesce(m.revenue, 0) AS revenue, m.history_net, m.annual, m.manager,
           CASE WHEN ps.intervals >= 2 THEN greatest(ps.own_cycle, 7.0)
                ELSE greatest((SELECT cycle FROM population), 7.0) END AS cycle,
           (SELECT as_of FROM params) - ps.last_p AS recency
    FROM purchase_stats ps JOIN money m USING (client)
), ranked AS (
    -- §3 and §11: one ordering serves the ABC running sum and the classify listing.
    SELECT *,
           row_number() OVER w AS pos,
           sum(annual) OVER w - annual AS before,
           sum(annual) OVER () AS total
    FROM measured
    WINDOW w AS (ORDER BY annual DESC, client ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), classes AS (
    SELECT *,
           CASE WHEN annual <= 0 THEN 'C'
                WHEN CAST(before AS HUGEINT) * 100 < CAST(total AS HUGEINT) * 80 THEN 'A'
                WHEN CAST(before AS HUGEINT) * 100 < CAST(total AS HUGEINT) * 95 THEN 'B'
                ELSE 'C' END AS abc,
           CASE WHEN cv IS NULL THEN 'Z' WHEN cv <= 0.10 THEN 'X' WHEN cv <= 0.25 THEN 'Y' ELSE 'Z' END AS xyz,
           CASE WHEN recency <= 1.0 * cycle THEN 'active'
                WHEN recency <= 1.5 * cycle THEN 'at-risk' ELSE 'lost' END AS status
    FROM ranked
)
SELECT *,
       CASE WHEN status = 'active' THEN 0 ELSE CAST(round(annual::DOUBLE * 1.0 * 1.0) AS BIGINT) END AS ltv,
       CASE WHEN status = 'active' THEN NULL
            ELSE CASE abc || xyz WHEN 'AX' THEN 1 WHEN 'AY' THEN 1 WHEN 'AZ' THEN 2
                                 WHEN 'BX' THEN 2 WHEN 'BY' THEN 2 WHEN 'BZ' THEN 3
                                 WHEN 'CX' THEN 3 ELSE 4 END END AS tier,
       -- aov: history / purchases, rounded half away from zero, in integers
       CASE WHEN history_net >= 0 THEN (2 * history_net + purchases) // (2 * purchases)
            ELSE -((2 * (-history_net) + purchases) // (2 * purchases)) END AS aov
FROM classes;

CREATE MACRO money(c) AS (CASE WHEN c < 0 THEN '-' ELSE '' END) || (abs(c) // 100)::VARCHAR || '.'
                         || lpad((abs(c) % 100)::VARCHAR, 2, '0');
CREATE MACRO days_text(x) AS CASE WHEN x = floor(x) THEN CAST(x AS BIGINT)::VARCHAR ELSE x::VARCHAR END;

-- Measure > 0 by measure descending then client; measure 0 by client: that is
-- exactly (annual DESC, client), so the listing follows pos.
COPY (
    SELECT client, money(revenue) AS revenue,
           printf('%.6f', CASE WHEN annual > 0 THEN annual::DOUBLE / total::DOUBLE ELSE 0 END) AS share,
           abc, CASE WHEN cv IS NOT NULL THEN printf('%.6f', cv) END AS cv, xyz, purchases,
           strftime(first_p, '%Y-%m-%d') AS first_purchase, strftime(last_p, '%Y-%m-%d') AS last_purchase,
           days_text(cycle) AS cycle_days, recency AS recency_days, status, money(annual) AS annual_value,
           money(aov) AS aov, money(ltv) AS ltv_loss, tier, manager
    FROM result
    ORDER BY pos
) TO '{classify_out}' (HEADER, DELIMITER ',');

COPY (
    SELECT row_number() OVER (ORDER BY tier, ltv DESC, client) AS rank, client, tier, abc, xyz, status,
           money(ltv) AS ltv_loss, money(annual) AS annual_value, recency AS recency_days,
           days_text(cycle) AS cycle_days, strftime(last_p, '%Y-%m-%d') AS last_purchase, manager
    FROM result WHERE tier IS NOT NULL
    ORDER BY rank
) TO '{winback_out}' (HEADER, DELIMITER ',');
