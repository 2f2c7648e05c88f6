-- SPEC.md §1–7 and §11 in DuckDB SQL: the same job as `abcxyz classify` +
-- `abcxyz winback` with the default options, written the way a DuckDB user
-- would. Placeholders: {input}, {classify_out}, {winback_out}, {threads}.
-- Ids are trimmed with trim() (spaces; the benchmark data holds no tabs, and
-- trim with an explicit set of characters costs DuckDB a second at 10 M rows).
-- row_number() OVER () keeps file order for the same-day manager rule: the
-- CSV reader has no file_row_number.
SET threads = {threads};
SET preserve_insertion_order = true;

CREATE TEMP TABLE tx AS
SELECT trim(client)                                       AS client,
       "date"                                             AS day,
       CAST(amount * 100 AS BIGINT)                       AS cents,
       NULLIF(trim(manager), '')                          AS manager,
       row_number() OVER ()                               AS seq
FROM read_csv('{input}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'client': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,2)', 'manager': 'VARCHAR'});

CREATE TEMP TABLE params AS SELECT max(day) AS as_of FROM tx;

-- §2: period k is (as_of − k months, as_of − (k−1) months]; DuckDB clamps month ends.
CREATE TEMP TABLE periods AS
SELECT k, CAST(as_of - to_months(k) AS DATE) AS lo, CAST(as_of - to_months(k - 1) AS DATE) AS hi
FROM params, range(1, 13) AS r(k);

-- History: rows on or before as-of (a view: with the default as-of that is every row).
CREATE TEMP VIEW hist AS SELECT tx.* FROM tx, params WHERE day <= as_of;

CREATE TEMP TABLE daily AS
SELECT client, day, sum(cents) AS net FROM hist GROUP BY client, day;

-- §5: purchase days, intervals, own cycles.
CREATE TEMP TABLE purchase_stats AS
WITH p AS (
    SELECT client, day, day - lag(day) OVER (PARTITION BY client ORDER BY day) AS gap
    FROM daily WHERE net > 0
)
SELECT client, count(*) AS purchases, min(day) AS first_p, max(day) AS last_p,
       count(gap) AS intervals, quantile_cont(gap, 0.5) AS own_cycle
FROM p GROUP BY client;

-- §3, §4: revenue in the window and per period; the active span.
CREATE TEMP TABLE period_net AS
SELECT d.client, p.k, sum(d.net) AS v, max(CASE WHEN d.net > 0 THEN 1 ELSE 0 END) AS has_purchase
FROM daily d JOIN periods p ON d.day > p.lo AND d.day <= p.hi
GROUP BY d.client, p.k;

CREATE TEMP TABLE variation AS
WITH span AS (
    SELECT client, min(k) AS newest, max(k) AS oldest
    FROM period_net WHERE has_purchase = 1 GROUP BY client
), filled AS (
    SELECT s.client, p.k, coalesce(n.v, 0)::DOUBLE AS v, s.oldest - s.newest + 1 AS n
    FROM span s JOIN periods p ON p.k BETWEEN s.newest AND s.oldest
    LEFT JOIN period_net n ON n.client = s.client AND n.k = p.k
), stats AS (
    SELECT client, any_value(n) AS n, sum(v) / any_value(n) AS mean FROM filled GROUP BY client
)
SELECT f.client,
       CASE WHEN s.n >= 3 AND s.mean > 0
            THEN sqrt(sum((f.v - s.mean) * (f.v - s.mean)) / s.n) / s.mean END AS cv
FROM filled f JOIN stats s USING (client)
GROUP BY f.client, s.n, s.mean;

CREATE TEMP TABLE per_client AS
SELECT ps.*,
       coalesce((SELECT sum(v) FROM period_net n WHERE n.client = ps.client), 0) AS revenue
FROM purchase_stats ps;

CREATE TEMP TABLE client_money AS
SELECT h.client,
       sum(h.cents)                                                   AS history_net,
       sum(CASE WHEN h.day > pc.last_p - 365 THEN h.cents ELSE 0 END) AS annual_raw,
       arg_max(h.manager, (h.day - DATE '1970-01-01') * 4294967296 + h.seq)
           FILTER (WHERE h.manager IS NOT NULL)                       AS manager
FROM hist h JOIN purchase_stats pc USING (client)
GROUP BY h.client;

CREATE TEMP TABLE result AS
WITH population AS (
    SELECT coalesce(quantile_cont(own_cycle, 0.5) FILTER (WHERE intervals >= 2), 30.0) AS cycle
    FROM purchase_stats
), ranked AS (
    SELECT client, revenue,
           coalesce(sum(revenue) OVER (ORDER BY revenue DESC, client
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
           sum(revenue) OVER () AS total
    FROM per_client WHERE revenue > 0
), classes AS (
    SELECT pc.*, m.history_net, greatest(m.annual_raw, 0) AS annual, m.manager, v.cv,
           coalesce(r.total, (SELECT max(total) FROM ranked)) AS total,
           CASE WHEN r.client IS NULL THEN 'C'
                WHEN CAST(r.before AS HUGEINT) * 100 < CAST(r.total AS HUGEINT) * 80 THEN 'A'
                WHEN CAST(r.before AS HUGEINT) * 100 < CAST(r.total AS HUGEINT) * 95 THEN 'B'
                ELSE 'C' END AS abc,
           CASE WHEN v.cv IS NULL THEN 'Z' WHEN v.cv <= 0.10 THEN 'X' WHEN v.cv <= 0.25 THEN 'Y' ELSE 'Z' END AS xyz,
           CASE WHEN pc.intervals >= 2 THEN greatest(pc.own_cycle, 7.0)
                ELSE greatest((SELECT cycle FROM population), 7.0) END AS cycle,
           (SELECT as_of FROM params) - pc.last_p AS recency
    FROM per_client pc
    JOIN client_money m USING (client)
    LEFT JOIN variation v USING (client)
    LEFT JOIN ranked r USING (client)
)
SELECT *,
       CASE WHEN recency <= 1.0 * cycle THEN 'active'
            WHEN recency <= 1.5 * cycle THEN 'at-risk' ELSE 'lost' END AS status,
       CASE WHEN recency <= 1.0 * cycle THEN 0 ELSE CAST(round(annual::DOUBLE * 1.0 * 1.0) AS BIGINT) END AS ltv,
       CASE WHEN recency <= 1.0 * cycle THEN NULL
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

COPY (
    SELECT client, money(revenue) AS revenue,
           printf('%.6f', CASE WHEN revenue > 0 THEN revenue::DOUBLE / total::DOUBLE ELSE 0 END) AS share,
           abc, CASE WHEN cv IS NOT NULL THEN printf('%.6f', cv) END AS cv, xyz, purchases,
           strftime(first_p, '%Y-%m-%d') AS first_purchase, strftime(last_p, '%Y-%m-%d') AS last_purchase,
           days_text(cycle) AS cycle_days, recency AS recency_days, status, money(annual) AS annual_value,
           money(aov) AS aov, money(ltv) AS ltv_loss, tier, manager
    FROM result
    ORDER BY (revenue > 0) DESC, CASE WHEN revenue > 0 THEN revenue END DESC, client
) TO '{classify_out}' (HEADER, DELIMITER ',');

COPY (
    SELECT row_number() OVER (ORDER BY tier, ltv DESC, client) AS rank, client, tier, abc, xyz, status,
           money(ltv) AS ltv_loss, money(annual) AS annual_value, recency AS recency_days,
           days_text(cycle) AS cycle_days, strftime(last_p, '%Y-%m-%d') AS last_purchase, manager
    FROM result WHERE tier IS NOT NULL
    ORDER BY rank
) TO '{winback_out}' (HEADER, DELIMITER ',');
