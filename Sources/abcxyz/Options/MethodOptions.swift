import ABCXYZ

/// The options of the method (docs/spec.md §1–§7, §13): one typed definition each,
/// its default read from the library's ``AnalysisOptions()``; the ranges are the
/// library's `validate()`, run by ``analysisOptions(_:)`` before any file is read.
enum MethodOptions {
    private static let defaults = AnalysisOptions()

    static let asOf = Option<Day>.date("as-of", help: "Day the analysis looks back from, YYYY-MM-DD [§1]",
                                       default: "the latest date in the data", property: "asOf")
    static let period = Option<PeriodLength>.choice("period", value: "LENGTH",
                                                    help: "Length of one period of the window [§2]",
                                                    default: defaults.periodLength)
    static let periodCount = Option<Int>.wholeNumber(
        "months", aliases: ["periods"],
        help: "Periods in the window, N (months unless --period says otherwise); revenue covers "
            + "the window, purchases, aov and the rate cv the whole history [§2]",
        default: "\(defaults.periodCount)", property: "periodCount")
    static let abcMeasure = Option<ABCMeasure>.choice(
        "abc-measure", value: "MEASURE",
        help: "What ABC ranks by: annual-value (each client's last year as a client) or revenue "
            + "(in the window, the classic) [§3]",
        default: defaults.abcMeasure)
    static let abcLimits = Option<ABCLimits>(
        "abc", value: "A,B", help: "ABC cut points: shares of the ABC measure [§3]",
        default: DefaultText.pair(defaults.abcLimits.a.doubleValue, defaults.abcLimits.b.doubleValue),
        property: "abcLimits", expected: "two shares A,B with 0 < A ≤ B ≤ 1, e.g. 0.80,0.95",
        convert: ABCLimits.init)
    static let xyzLimits = Option<XYZLimits>(
        "xyz", value: "X,Y", help: "XYZ cut points: coefficients of variation [§4]",
        default: DefaultText.pair(defaults.xyzLimits.x, defaults.xyzLimits.y),
        property: "xyzLimits", expected: "two numbers X,Y with 0 ≤ X ≤ Y, e.g. 0.10,0.25",
        convert: XYZLimits.init)
    static let xyzMeasure = Option<XYZMeasure>.choice(
        "xyz-measure", value: "MEASURE",
        help: "What XYZ measures: rate (money per day between purchase days, whole history), "
            + "revenue or purchase-days (per period of the active span, the classic) [§4]",
        default: defaults.xyzMeasure)
    static let minimumSpanPeriods = Option<Int>.wholeNumber(
        "min-periods", help: "Fewest values for a cv: rates (purchase days − 1), or periods in the active span [§4]",
        default: "\(defaults.minimumSpanPeriods)", property: "minimumSpanPeriods")
    static let minimumIntervals = Option<Int>.wholeNumber(
        "min-intervals", help: "Fewest purchase intervals for an own cycle [§5]",
        default: "\(defaults.minimumIntervals)", property: "minimumIntervals")
    static let fallbackCycle = Option<Double>.number(
        "fallback-cycle", value: "DAYS", help: "Cycle when no client has its own [§5]",
        default: DefaultText.plain(defaults.fallbackCycleDays), property: "fallbackCycleDays")
    static let minimumCycle = Option<Double>.number(
        "min-cycle", value: "DAYS", help: "Shortest cycle any client gets [§5]",
        default: DefaultText.plain(defaults.minimumCycleDays), property: "minimumCycleDays")
    static let atRiskFactor = Option<Double>.number(
        "at-risk-factor", value: "R", help: "At risk once recency > R × cycle [§5]",
        default: DefaultText.decimal(defaults.atRiskFactor), property: "atRiskFactor")
    static let lostFactor = Option<Double>.number(
        "lost-factor", value: "L", help: "Lost once recency > L × cycle [§5]",
        default: DefaultText.decimal(defaults.lostFactor), property: "lostFactor")
    static let horizon = Option<Double>.number(
        "horizon", value: "YEARS", help: "Years of annual value a lost client costs [§6]",
        default: DefaultText.plain(defaults.horizonYears), property: "horizonYears")
    static let margin = Option<Double>.number(
        "margin", value: "M", help: "Share of revenue that is profit, for the value lost [§6]",
        default: DefaultText.decimal(defaults.margin), property: "margin")
    static let tiers = Option<TierMatrix>(
        "tiers", value: "T,T,…", help: "Tier of each cell AX,AY,AZ,BX,…,CZ [§7]",
        default: defaults.tierMatrix.description,
        expected: "nine tiers 1–4 in row order, e.g. 1,1,2,2,2,3,3,4,4", convert: TierMatrix.init)
    static let cycles = Option<CycleBasis>.choice(
        "cycles", value: "BASIS",
        help: "Judge returns per client × service pair, the client by its best pair (service), "
            + "or per client over all its purchases (client) [§13]",
        default: defaults.cycles, defaultText: "service with a category column, else client")

    static let group = OptionGroup(title: "METHOD (docs/spec.md sections in brackets)", options: [
        asOf, period, periodCount, abcMeasure, abcLimits, xyzLimits, xyzMeasure, minimumSpanPeriods,
        minimumIntervals, fallbackCycle, minimumCycle, atRiskFactor, lostFactor, horizon, margin, tiers, cycles,
    ])

    /// Method options from the command line, each converted as it is read, then
    /// checked by the library (so an embedder gets the same answer) before a large file is read.
    static func analysisOptions(_ arguments: ParsedArguments) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        options.asOf = try arguments.value(of: asOf)
        try arguments.assign(period, to: &options.periodLength)
        try arguments.assign(periodCount, to: &options.periodCount)
        try arguments.assign(abcLimits, to: &options.abcLimits)
        try arguments.assign(xyzLimits, to: &options.xyzLimits)
        try arguments.assign(abcMeasure, to: &options.abcMeasure)
        try arguments.assign(xyzMeasure, to: &options.xyzMeasure)
        try arguments.assign(minimumSpanPeriods, to: &options.minimumSpanPeriods)
        try arguments.assign(minimumIntervals, to: &options.minimumIntervals)
        try arguments.assign(fallbackCycle, to: &options.fallbackCycleDays)
        try arguments.assign(minimumCycle, to: &options.minimumCycleDays)
        try arguments.assign(atRiskFactor, to: &options.atRiskFactor)
        try arguments.assign(lostFactor, to: &options.lostFactor)
        try arguments.assign(horizon, to: &options.horizonYears)
        try arguments.assign(margin, to: &options.margin)
        options.cycles = try arguments.value(of: cycles)
        try arguments.assign(tiers, to: &options.tierMatrix)
        try options.validate()
        return options
    }
}
