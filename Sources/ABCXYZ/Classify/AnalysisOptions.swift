/// Every choice the method leaves to the user, each with the default of
/// `docs/spec.md` (the section is named on each property).
///
/// ```swift
/// var options = AnalysisOptions()
/// options.periodLength = .week
/// options.margin = 0.35        // lifetime value lost as profit, not revenue
/// let analysis = try table.analyze(options)
/// ```
public struct AnalysisOptions: Hashable, Sendable {
    /// The day the analysis looks back from; `nil` means the latest date among
    /// accepted transactions (§1). Later transactions are left out of every figure.
    public var asOf: Day? = nil

    /// The length of one period of the window (§2). Default: a month.
    public var periodLength: PeriodLength = .month

    /// The number of periods in the window, N (§2). Default: 12.
    public var periodCount: Int = 12

    /// What ABC ranks clients by (§3). Default: ``ABCMeasure/annualValue``,
    /// what each client brought in its last year as a client.
    public var abcMeasure: ABCMeasure = .annualValue

    /// ABC cut points `a` and `b` (§3). Default: 0.80 and 0.95.
    public var abcLimits: ABCLimits = ABCLimits(a: 0.80, b: 0.95)

    /// XYZ cut points `x` and `y` for the coefficient of variation (§4).
    /// Default: 0.10 and 0.25.
    public var xyzLimits: XYZLimits = XYZLimits(x: 0.10, y: 0.25)

    /// What XYZ measures (§4). Default: ``XYZMeasure/rate``, money per day
    /// between consecutive purchase days.
    public var xyzMeasure: XYZMeasure = .rate

    /// The fewest values for a defined `cv` (§4): rates (purchase days − 1)
    /// with the rate measure, periods of the active span with the others.
    /// Default: 3.
    public var minimumSpanPeriods: Int = 3

    /// The fewest purchase intervals for a client's own cycle (§5). Default: 2
    /// (three purchases).
    public var minimumIntervals: Int = 2

    /// The cycle used when no client has its own (§5). Default: 30 days.
    public var fallbackCycleDays: Double = 30

    /// The shortest cycle any client gets (§5). Default: 7 days.
    public var minimumCycleDays: Double = 7

    /// `r`: a client is active while recency ≤ r · cycle (§5). Default: 1.0.
    public var atRiskFactor: Double = 1.0

    /// `l`: a client is lost once recency > l · cycle (§5). Default: 1.5.
    public var lostFactor: Double = 1.5

    /// How many years of annual value a lost client costs (§6). Default: 1.
    public var horizonYears: Double = 1.0

    /// The share of revenue that is profit, applied to the value lost (§6).
    /// Default: 1.0 (value lost is revenue).
    public var margin: Double = 1.0

    /// The tier of each ABC/XYZ cell (§7). Default: ``TierMatrix/standard``.
    public var tierMatrix: TierMatrix = .standard

    /// Whose cycle judges a return (§13): per client × service pair, or per
    /// client. `nil` (the default) means ``CycleBasis/service`` when the input
    /// has a category column and ``CycleBasis/client`` otherwise; an analysis
    /// reports the basis it used.
    public var cycles: CycleBasis? = nil

    /// The defaults of docs/spec.md.
    public init() {}

    /// The longest window, in periods (1000 quarters reach back 250 years).
    public static let periodCountRange = 1...1000
    /// The fewest and most periods a span needs for a `cv`: a coefficient of
    /// variation needs two values, and a span cannot hold more periods than the window.
    public static let minimumSpanPeriodsLowerBound = 2
    /// The values ``minimumIntervals`` may take: at least one interval makes a cycle, and the upper
    /// bound keeps a typo from silently giving every client the population's.
    public static let minimumIntervalsRange = 1...10_000
    /// Cycles and the cycle floor, in days: at most a hundred years.
    public static let maximumCycleDays = 36_525.0
    /// The at-risk and lost factors: at most 1000 cycles.
    public static let maximumFactor = 1_000.0
    /// Years of annual value a lost client may cost: more than 0, at most 100.
    public static let maximumHorizonYears = 100.0

    /// Checks every option against the range SPEC.md allows, and the options
    /// against each other, so the command line and embedders refuse the same
    /// values (a margin of 35 would multiply the value lost by 35, not 0.35).
    /// - Throws: ``OptionsError`` naming the option, its range and the value given.
    public func validate() throws(OptionsError) {
        func require(_ condition: Bool, _ option: String, _ requirement: String,
                     _ value: @autoclosure () -> String) throws(OptionsError) {
            if !condition { throw OptionsError(option: option, requirement: requirement, value: value()) }
        }
        func number(_ value: Double) -> String {
            let text = value.description
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        let periods = Self.periodCountRange
        try require(periods.contains(periodCount), "periodCount",
                    "a whole number from \(periods.lowerBound) to \(periods.upperBound)", "\(periodCount)")
        if let asOf {
            try require(asOf.isInDataRange, "asOf",
                        "a day from \(Day.earliestData) to \(Day.latestData)", asOf.description)
        }
        try require(abcLimits.areOrdered, "abcLimits", "two shares a,b with 0 < a ≤ b ≤ 1", "\(abcLimits.a),\(abcLimits.b)")
        try require(xyzLimits.areOrdered, "xyzLimits", "two numbers x,y with 0 ≤ x ≤ y", "\(number(xyzLimits.x)),\(number(xyzLimits.y))")
        let spanLow = Self.minimumSpanPeriodsLowerBound
        try require(minimumSpanPeriods >= spanLow && minimumSpanPeriods <= max(periodCount, spanLow),
                    "minimumSpanPeriods",
                    "a whole number from \(spanLow) to periodCount (\(max(periodCount, spanLow)))",
                    "\(minimumSpanPeriods)")
        let intervals = Self.minimumIntervalsRange
        try require(intervals.contains(minimumIntervals), "minimumIntervals",
                    "a whole number from \(intervals.lowerBound) to \(intervals.upperBound)", "\(minimumIntervals)")
        let days = number(Self.maximumCycleDays)
        try require(fallbackCycleDays > 0 && fallbackCycleDays <= Self.maximumCycleDays, "fallbackCycleDays",
                    "more than 0 and at most \(days) days", number(fallbackCycleDays))
        try require(minimumCycleDays >= 0 && minimumCycleDays <= Self.maximumCycleDays, "minimumCycleDays",
                    "from 0 to \(days) days", number(minimumCycleDays))
        let factor = number(Self.maximumFactor)
        try require(atRiskFactor > 0 && atRiskFactor <= Self.maximumFactor, "atRiskFactor",
                    "more than 0 and at most \(factor)", number(atRiskFactor))
        try require(lostFactor >= atRiskFactor && lostFactor <= Self.maximumFactor, "lostFactor",
                    "at least atRiskFactor (\(number(atRiskFactor))) and at most \(factor)", number(lostFactor))
        try require(horizonYears > 0 && horizonYears <= Self.maximumHorizonYears, "horizonYears",
                    "more than 0 and at most \(number(Self.maximumHorizonYears)) years", number(horizonYears))
        try require(margin > 0 && margin <= 1, "margin", "more than 0 and at most 1", number(margin))
    }
}

/// The length of one period of the window (SPEC §2).
public enum PeriodLength: String, Hashable, Sendable, CaseIterable {
    case week
    case month
    case quarter

    /// Boundary `b_k = asOf − k·L`, months subtracted with day clamping
    /// directly from `asOf` (not step by step, so 2024-03-31 − 2 months is
    /// 2024-01-31, not 2024-01-29).
    func boundary(_ k: Int, before asOf: Day) -> Day {
        switch self {
        case .week: asOf.addingDays(-7 * k)
        case .month: asOf.addingMonths(-k)
        case .quarter: asOf.addingMonths(-3 * k)
        }
    }
}

/// ABC cut points, compared exactly (SPEC §3).
public struct ABCLimits: Hashable, Sendable {
    /// A client is class A while the value ranked above it is below `a` of the total.
    public var a: DecimalFraction
    /// …and class B while it is below `b`.
    public var b: DecimalFraction

    /// Cut points as exact fractions, so `0.80` stays 4/5 and a share on the cut never rounds
    /// across it; `a ≤ b` is checked by ``AnalysisOptions/validate()``.
    public init(a: DecimalFraction, b: DecimalFraction) {
        self.a = a
        self.b = b
    }

    /// Parses `a,b`, e.g. `0.80,0.95`; `nil` unless `0 < a ≤ b ≤ 1`.
    public init?(_ text: String) {
        guard let parts = text.commaSeparated(count: 2, { DecimalFraction(String($0)) }) else { return nil }
        self.init(a: parts[0], b: parts[1])
        guard areOrdered else { return nil }
    }

    /// `0 < a ≤ b ≤ 1`: the rule both the parser and ``AnalysisOptions/validate()`` apply.
    var areOrdered: Bool { a.numerator > 0 && a <= b && b <= DecimalFraction.one }
}

/// XYZ cut points for the coefficient of variation (SPEC §4).
public struct XYZLimits: Hashable, Sendable {
    /// X when `cv ≤ x`.
    public var x: Double
    /// Y when `cv ≤ y`; Z above.
    public var y: Double

    /// Cut points for `cv`; `x ≤ y` is checked by ``AnalysisOptions/validate()``.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Parses `x,y`, e.g. `0.10,0.25`; `nil` unless `0 ≤ x ≤ y` and both finite.
    public init?(_ text: String) {
        guard let parts = text.commaSeparated(count: 2, { Double(String($0)) }) else { return nil }
        self.init(x: parts[0], y: parts[1])
        guard areOrdered else { return nil }
    }

    /// `0 ≤ x ≤ y`, both finite: the rule both the parser and ``AnalysisOptions/validate()`` apply.
    var areOrdered: Bool { x >= 0 && x <= y && y.isFinite }
}

/// What ABC ranks clients by (SPEC §3).
public enum ABCMeasure: String, Hashable, Sendable, CaseIterable {
    /// The client's annual value (§6): what it brought in its last year as a
    /// client, so a big client who left a year ago is still an A to win back
    /// (the default).
    case annualValue = "annual-value"
    /// Net revenue inside the window: the classic ABC, which calls every client
    /// gone longer than the window a C.
    case revenue
}

/// What XYZ measures (SPEC §4).
public enum XYZMeasure: String, Hashable, Sendable, CaseIterable {
    /// Money per day between consecutive purchase days, over the whole
    /// history: steadiness at the client's own rhythm, whatever the calendar
    /// (the default).
    case rate
    /// Net revenue per period of the active span (the classic).
    case revenue
    /// Number of purchase days per period of the active span.
    case purchaseDays = "purchase-days"
}

/// An option that cannot be used as given.
public struct OptionsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The option's name, e.g. `lostFactor`.
    public var option: String
    /// What it must be, e.g. `at least the at-risk factor`.
    public var requirement: String
    /// The value given, as text, when there is one to show.
    public var value: String? = nil

    /// An error that names the option, what it must be and what it was, so the message says what to
    /// change.
    public init(option: String, requirement: String, value: String? = nil) {
        self.option = option
        self.requirement = requirement
        self.value = value
    }

    /// `option must be requirement (got value)`: the line the command line prints.
    public var description: String { "\(option) must be \(requirement)" + (value.map { " (got \($0))" } ?? "") }
}
