#!/usr/bin/env python3
"""SPEC.md §1–7 and §11 in polars: the same job as `abcxyz classify` +
`abcxyz winback` with the default options (ABC by annual value, XYZ by the
rate measure).

    polars_job.py INPUT CLASSIFY_OUT WINBACK_OUT [THREADS]

Amounts are read as Float64 and rounded to cents (exact for the benchmark's
two-decimal amounts); ids are trimmed of spaces and tabs, and grouped as
Categorical (twice as fast as String keys here); they go back to String for
the sorts, which must follow byte order. Client × day is one sort on an
integer key (the client's Categorical code, then the day) and a group_by that
keeps that order, so every client's days come ascending for the gaps and
rates; the manager is found by an integer key too (day, then input row) and
gathered at the end. Every aggregation is a plain one (sum, max, first, mean,
median), which polars runs on its fast path.
"""
import calendar
import datetime as dt
import os
import sys

if len(sys.argv) > 4:
    os.environ["POLARS_MAX_THREADS"] = sys.argv[4]
import polars as pl  # noqa: E402  (the thread count must be set first)

N_PERIODS, A, B, X, Y, MIN_RATES, MIN_INTERVALS = 12, 80, 95, 0.10, 0.25, 3, 2
FALLBACK, MIN_CYCLE, R, L, HORIZON, MARGIN = 30.0, 7.0, 1.0, 1.5, 1.0, 1.0
TIERS = {"AX": 1, "AY": 1, "AZ": 2, "BX": 2, "BY": 2, "BZ": 3, "CX": 3, "CY": 4, "CZ": 4}


def minus_months(day, n):
    index = day.year * 12 + day.month - 1 - n
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def money(column):
    c = pl.col(column)
    return pl.format("{}{}.{}", pl.when(c < 0).then(pl.lit("-")).otherwise(pl.lit("")),
                     c.abs() // 100, (c.abs() % 100).cast(pl.String).str.zfill(2))


def days_text(column):
    c = pl.col(column)
    return pl.when(c == c.floor()).then(c.cast(pl.Int64).cast(pl.String)).otherwise(c.cast(pl.String))


def main(source, classify_out, winback_out):
    # The rows, with two integer keys: `key` orders client × day (the client's Categorical code,
    # then the day), `mkey` orders a client's rows that name a manager (the day, then the row).
    epoch_days = (pl.col("day") - pl.date(1970, 1, 1)).dt.total_days().cast(pl.Int64)
    tx = (
        pl.scan_csv(source, schema={"client": pl.String, "date": pl.Date, "amount": pl.Float64,
                                    "manager": pl.String}, quote_char='"')
        .with_row_index("seq")
        .select(pl.col("client").str.strip_chars(" \t").cast(pl.Categorical), pl.col("date").alias("day"),
                (pl.col("amount") * 100).round().cast(pl.Int64).alias("cents"),
                pl.col("manager").str.strip_chars(" \t").replace("", None), "seq")
        .with_columns((pl.col("client").to_physical().cast(pl.Int64) * (1 << 20) + epoch_days).alias("key"),
                      pl.when(pl.col("manager").is_not_null())
                      .then(epoch_days * (1 << 32) + pl.col("seq").cast(pl.Int64)).alias("mkey"))
        .collect()
    )
    # §1: client × day. One sort on the integer key, then the groups come in that order: every
    # client's days ascending, for the gaps and rates below.
    daily = (
        tx.lazy().select("key", "client", "day", "cents", "mkey").sort("key")
        .group_by("key", maintain_order=True)
        .agg(pl.col("client").first(), pl.col("day").first(), pl.col("cents").sum().alias("net"), pl.col("mkey").max())
        .collect()
    )
    as_of = daily["day"].max()  # §1: as-of = the latest date, so the history is every row
    window_start = minus_months(as_of, N_PERIODS)

    # §4, §5: purchase days, the gaps between them, and the rates (money per day since the last).
    same_client = pl.col("key") // (1 << 20) == pl.col("key").shift(1) // (1 << 20)
    purchase_days = (
        daily.lazy().filter(pl.col("net") > 0)
        .with_columns(pl.when(same_client).then((pl.col("day") - pl.col("day").shift(1)).dt.total_days())
                      .alias("gap"))
        .with_columns((pl.col("net").cast(pl.Float64) / pl.col("gap")).alias("rate"))
    )
    # Two passes over the rates, as §4 asks: their mean per client, then the squared deviations.
    purchase_days = purchase_days.collect().lazy()
    first_pass = purchase_days.group_by("client").agg(
        pl.len().alias("purchases"), pl.col("day").first().alias("first_p"), pl.col("day").last().alias("last_p"),
        pl.col("gap").count().alias("intervals"), pl.col("gap").median().alias("own_cycle"),
        pl.col("rate").mean().alias("rate_mean")).collect()
    squares = (
        purchase_days.select("client", "rate").join(first_pass.lazy().select("client", "rate_mean"), on="client")
        .group_by("client").agg(((pl.col("rate") - pl.col("rate_mean")) ** 2).sum().alias("squares")))
    purchases = (
        first_pass.lazy().join(squares, on="client")
        .with_columns(pl.when(pl.col("intervals") >= MIN_RATES)
                      .then((pl.col("squares") / pl.col("intervals")).sqrt() / pl.col("rate_mean")).alias("cv"))
        .collect()
    )
    own = purchases.filter(pl.col("intervals") >= MIN_INTERVALS)["own_cycle"]
    population = own.median() if len(own) else FALLBACK

    # §3, §6: window revenue, whole-history net, annual value (after last purchase − 365 days).
    net_if = lambda condition: pl.when(condition).then(pl.col("net")).otherwise(0)  # noqa: E731
    money_facts = (
        daily.lazy().join(purchases.lazy().select("client", "last_p"), on="client")
        .group_by("client").agg(
            net_if(pl.col("day") > window_start).sum().alias("revenue"),
            pl.col("net").sum().alias("history_net"),
            net_if(pl.col("day") > pl.col("last_p") - pl.duration(days=365)).sum().alias("annual_raw"),
            pl.col("mkey").max())  # §8: the client's latest row naming a manager
    )

    # §3: ABC by annual value; the same order (annual value descending, then client id in byte
    # order, which puts the clients with annual value 0 last by id) is the classify listing.
    result = (
        purchases.lazy().join(money_facts, on="client")
        .with_columns(pl.col("client").cast(pl.String), pl.max_horizontal("annual_raw", pl.lit(0)).alias("annual"))
        .sort(["annual", "client"], descending=[True, False])
        .with_columns((pl.col("annual").cum_sum() - pl.col("annual")).alias("before"),
                      pl.col("annual").sum().alias("total"))
        .with_columns(
            pl.when(pl.col("annual") <= 0).then(pl.lit("C"))
            .when(pl.col("before") * 100 < pl.col("total") * A).then(pl.lit("A"))
            .when(pl.col("before") * 100 < pl.col("total") * B).then(pl.lit("B"))
            .otherwise(pl.lit("C")).alias("abc"),
            pl.when(pl.col("annual") > 0).then(pl.col("annual") / pl.col("total")).otherwise(0.0).alias("share"),
            pl.when(pl.col("cv").is_null()).then(pl.lit("Z")).when(pl.col("cv") <= X).then(pl.lit("X"))
            .when(pl.col("cv") <= Y).then(pl.lit("Y")).otherwise(pl.lit("Z")).alias("xyz"),
            pl.when(pl.col("intervals") >= MIN_INTERVALS).then(pl.max_horizontal("own_cycle", pl.lit(MIN_CYCLE)))
            .otherwise(max(population, MIN_CYCLE)).alias("cycle"),
            (pl.lit(as_of) - pl.col("last_p")).dt.total_days().alias("recency"),
            pl.when(pl.col("history_net") >= 0)
            .then((2 * pl.col("history_net") + pl.col("purchases")) // (2 * pl.col("purchases")))
            .otherwise(-((2 * -pl.col("history_net") + pl.col("purchases")) // (2 * pl.col("purchases"))))
            .alias("aov"))
        .with_columns(
            pl.when(pl.col("recency") <= R * pl.col("cycle")).then(pl.lit("active"))
            .when(pl.col("recency") <= L * pl.col("cycle")).then(pl.lit("at-risk"))
            .otherwise(pl.lit("lost")).alias("status"))
        .with_columns(
            pl.when(pl.col("status") == "active").then(0)
            .otherwise((pl.col("annual").cast(pl.Float64) * HORIZON * MARGIN).round(mode="half_away_from_zero")
                       .cast(pl.Int64)).alias("ltv"),
            pl.when(pl.col("status") == "active").then(None)
            .otherwise((pl.col("abc") + pl.col("xyz")).replace_strict(TIERS, return_dtype=pl.Int64)).alias("tier"))
        .collect()
    )
    result = result.with_columns(tx["manager"].gather(result["mkey"] % (1 << 32)).alias("manager"))

    classify = (
        result.select("client", money("revenue").alias("revenue"), "share", "abc", "cv", "xyz", "purchases",
                      pl.col("first_p").alias("first_purchase"), pl.col("last_p").alias("last_purchase"),
                days_text("cycle").alias("cycle_days"), pl.col("recency").alias("recency_days"), "status",
                money("annual").alias("annual_value"), money("aov").alias("aov"), money("ltv").alias("ltv_loss"),
                "tier", "manager")
    )
    classify.write_csv(classify_out, float_precision=6)

    winback = (
        result.filter(pl.col("tier").is_not_null())
        .sort(["tier", "ltv", "client"], descending=[False, True, False])
        .with_row_index("rank", offset=1)
        .select("rank", "client", "tier", "abc", "xyz", "status", money("ltv").alias("ltv_loss"),
                money("annual").alias("annual_value"), pl.col("recency").alias("recency_days"),
                days_text("cycle").alias("cycle_days"), pl.col("last_p").alias("last_purchase"), "manager")
    )
    winback.write_csv(winback_out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
