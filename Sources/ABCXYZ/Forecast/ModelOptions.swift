/// What counts as one purchase occasion of a client (SPEC §14).
public enum ModelOccasions: String, Hashable, Sendable, CaseIterable {
    /// Purchase days of §1: days whose net amount is positive (the default).
    case purchaseDays = "purchase-days"
    /// Every day with a row, whatever its amount, as the published CDNOW data
    /// counts them (it holds $0 orders).
    case transactionDays = "transaction-days"
}

/// The time unit of t_x, T and the fitted rates (SPEC §14).
public enum ModelUnit: String, Hashable, Sendable, CaseIterable {
    /// 7 days (the default, as in the literature).
    case week
    /// 1 day.
    case day

    /// Days in one unit.
    public var days: Double {
        switch self {
        case .week: 7
        case .day: 1
        }
    }

    /// One month, lifetimes' constant for monthly CLV steps: 30.415 days or
    /// 4.345 weeks (4.345 × 7 = 30.415).
    public var month: Double {
        switch self {
        case .week: 4.345
        case .day: 30.415
        }
    }
}

/// The purchase model `classify --model` and the report run (SPEC §14).
public enum ModelKind: String, Hashable, Sendable, CaseIterable {
    /// BG/NBD, Fader, Hardie & Lee (2005): the default.
    case bgnbd
    /// Pareto/NBD, Schmittlein, Morrison & Colombo (1987).
    case paretoNBD = "pareto-nbd"

    /// `BG/NBD` or `Pareto/NBD`, as the literature writes them.
    public var title: String {
        switch self {
        case .bgnbd: "BG/NBD"
        case .paretoNBD: "Pareto/NBD"
        }
    }
}

/// Every choice of the probabilistic model, each with the default of SPEC §14.
///
/// ```swift
/// var options = ModelOptions()
/// options.occasions = .transactionDays
/// let summary = try table.modelSummary(options)
/// let fit = try BGNBD.fit(summary.groups)
/// ```
public struct ModelOptions: Hashable, Sendable {
    /// The purchase model of `classify --model` and the report. Default: BG/NBD.
    public var model: ModelKind = .bgnbd
    /// The end of calibration; `nil` means the latest accepted date (§1).
    public var asOf: Day? = nil
    /// What one occasion is. Default: purchase days.
    public var occasions: ModelOccasions = .purchaseDays
    /// The time unit. Default: weeks.
    public var unit: ModelUnit = .week
    /// λ of the penalty λ·Σθ² (lifetimes' `penalizer_coef`). Default: 0.
    public var penalizer: Double = 0
    /// The monthly discount rate d of the CLV. Default: 0.01.
    public var monthlyDiscount: Double = 0.01
    /// The horizon of expected purchases and CLV, in years (§6). Default: 1.
    public var horizonYears: Double = 1
    /// The share of spend that is profit, applied to the CLV (§6). Default: 1.
    public var margin: Double = 1

    /// The defaults of SPEC §14: purchase days, weeks, no penalty, 1 % a month, one year, margin 1.
    public init() {}

    /// The horizon in the model's unit (1 year = 365 days).
    public var horizon: Double { horizonYears * 365 / unit.days }

    /// Monthly CLV steps over the horizon: 12 per year, rounded to whole months.
    public var horizonMonths: Int { Int((12 * horizonYears).rounded(.toNearestOrAwayFromZero)) }

    /// - Throws: ``OptionsError`` naming the option and what it needs.
    public func validate() throws(OptionsError) {
        func require(_ condition: Bool, _ option: String, _ requirement: String) throws(OptionsError) {
            if !condition { throw OptionsError(option: option, requirement: requirement) }
        }
        try require(penalizer >= 0 && penalizer.isFinite, "penalizer", "zero or more")
        try require(monthlyDiscount > -1 && monthlyDiscount.isFinite, "monthlyDiscount", "greater than -1")
        try require(horizonYears >= 0 && horizonYears <= 1000, "horizonYears", "between 0 and 1000 years")
        try require(margin >= 0 && margin.isFinite, "margin", "zero or more")
    }
}
