#!/usr/bin/env python3
"""SPEC.md §1–7 and §11 in polars: the same job as `abcxyz classify` +
`abcxyz winback` with the default options.

    polars_job.py INPUT CLASSIFY_OUT WINBACK_OUT [THREADS]

Amounts are read as Float64 and rounded to cents (exact for the benchmark's
two-decimal amounts); ids are trimmed of spaces and tabs, and grouped as
Categorical (twice as fast as String keys here); they go back to String for
the sorts, which must follow byte order.
"""
import calendar
import datetime as dt
import os
import sys

if len(sys.argv) > 4:
    os.environ["POLARS_MAX_THREADS"] = sys.argv[4]
import polars as pl  # noqa: E402  (the thread count must be set first)

N_PERIODS, A, B, X, Y, MIN_SPAN, MIN_INTERVALS = 12, 80, 95, 0.10, 0.25, 3, 2
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
    tx = (
        pl.scan_csv(source, schema={"client": pl.String, "date": pl.Date, "amount": pl.Float64,
                                    "manager": pl.String}, quote_char='"')
        .with_row_index("seq")
        .select(pl.col("client").str.strip_chars(" \t").cast(pl.Categorical), pl.col("date").alias("day"),
                (pl.col("amount") * 100).round().cast(pl.Int64).alias("cents"),
                pl.col("manager").str.strip_chars(" \t").replace("", None), "seq")
        .collect()
    )
    as_of = tx["day"].max()
    tx = tx.filter(pl.col("day") <= as_of)
    bounds = [minus_months(as_of, k) for k in range(N_PERIODS, -1, -1)]  # b_N … b_0, ascending
    bound_series = pl.Series(bounds, dtype=pl.Date)

    daily = tx.group_by("client", "day").agg(pl.col("cents").sum().alias("net"))
    daily = daily.with_columns(
        pl.when(pl.col("day") > bounds[0])
        .then(N_PERIODS + 1 - bound_series.search_sorted(daily["day"], side="left"))
        .otherwise(None).alias("k"))

    purchases = (
        daily.filter(pl.col("net") > 0)
        .group_by("client").agg(
            pl.len().alias("purchases"), pl.col("day").min().alias("first_p"), pl.col("day").max().alias("last_p"),
            (pl.len() - 1).alias("intervals"),
            pl.col("day").sort().diff().dt.total_days().median().alias("own_cycle"))
    )
    own = purchases.filter(pl.col("intervals") >= MIN_INTERVALS)["own_cycle"]
    population = own.median() if len(own) else FALLBACK

    in_window = daily.filter(pl.col("k").is_not_null())
    per_period = in_window.group_by("client", "k").agg(
        pl.col("net").sum().alias("v"), (pl.col("net") > 0).any().alias("has_purchase"))
    revenue = per_period.group_by("client").agg(pl.col("v").sum().alias("revenue"))
    span = (per_period.filter("has_purchase").group_by("client")
            .agg(pl.col("k").min().alias("newest"), pl.col("k").max().alias("oldest")))
    filled = (
        span.with_columns(pl.int_ranges("newest", pl.col("oldest") + 1).alias("k")).explode("k")
        .join(per_period.select("client", "k", "v"), on=["client", "k"], how="left")
        .with_columns(pl.col("v").fill_null(0).cast(pl.Float64))
    )
    variation = (
        filled.with_columns((pl.col("oldest") - pl.col("newest") + 1).alias("n"))
        .with_columns((pl.col("v").sum().over("client") / pl.col("n")).alias("mean"))
        .group_by("client").agg(
            pl.col("n").first(), pl.col("mean").first(),
            ((pl.col("v") - pl.col("mean")) ** 2).sum().alias("squares"))
        .select("client", pl.when((pl.col("n") >= MIN_SPAN) & (pl.col("mean") > 0))
                .then((pl.col("squares") / pl.col("n")).sqrt() / pl.col("mean")).alias("cv"))
    )

    money_facts = (
        tx.join(purchases.select("client", "last_p"), on="client")
        .group_by("client").agg(
            pl.col("cents").sum().alias("history_net"),
            pl.col("cents").filter(pl.col("day") > pl.col("last_p") - pl.duration(days=365)).sum().alias("annual_raw"),
            pl.col("manager").sort_by(["day", "seq"]).drop_nulls().last().alias("manager"))
    )

    ranked = (
        revenue.filter(pl.col("revenue") > 0).with_columns(pl.col("client").cast(pl.String))
        .sort(["revenue", "client"], descending=[True, False])
        .with_columns((pl.col("revenue").cum_sum() - pl.col("revenue")).alias("before"),
                      pl.col("revenue").sum().alias("total"))
        .with_columns(pl.when(pl.col("before") * 100 < pl.col("total") * A).then(pl.lit("A"))
                      .when(pl.col("before") * 100 < pl.col("total") * B).then(pl.lit("B"))
                      .otherwise(pl.lit("C")).alias("abc"),
                      (pl.col("revenue") / pl.col("total")).alias("share"))
        .select(pl.col("client").cast(pl.Categorical), "abc", "share")
    )

    result = (
        purchases.join(revenue, on="client", how="left").join(money_facts, on="client")
        .join(variation, on="client", how="left").join(ranked, on="client", how="left")
        .with_columns(pl.col("client").cast(pl.String))
        .with_columns(
            pl.col("revenue").fill_null(0), pl.col("abc").fill_null("C"), pl.col("share").fill_null(0.0),
            pl.when(pl.col("cv").is_null()).then(pl.lit("Z")).when(pl.col("cv") <= X).then(pl.lit("X"))
            .when(pl.col("cv") <= Y).then(pl.lit("Y")).otherwise(pl.lit("Z")).alias("xyz"),
            pl.when(pl.col("intervals") >= MIN_INTERVALS).then(pl.max_horizontal("own_cycle", pl.lit(MIN_CYCLE)))
            .otherwise(max(population, MIN_CYCLE)).alias("cycle"),
            (pl.lit(as_of) - pl.col("last_p")).dt.total_days().alias("recency"),
            pl.max_horizontal("annual_raw", pl.lit(0)).alias("annual"),
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
    )

    classify = (
        result.sort([pl.col("revenue") > 0, pl.when(pl.col("revenue") > 0).then(pl.col("revenue")), "client"],
                    descending=[True, True, False], nulls_last=True)
        .select("client", money("revenue").alias("revenue"), "share", "abc", "cv", "xyz", "purchases",
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
