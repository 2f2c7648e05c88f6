/// Why a client stands where it does, in plain words, for the people who
/// phone it: its rhythm, how long it has been silent, and what its ABC and
/// XYZ classes mean, with the thresholds that put it there.
///
/// ```text
/// buys every 31 days; silent 171 days, 5.5 cycles; A: top 80 % of value; Y: steady within 25 %
/// ```
///
/// The four parts, each from the row's own figures and the options:
/// - rhythm: `buys every N days` (an own cycle), or `bought once` / `bought
///   N times, judged by the usual N days` (the population's or the service's cycle);
/// - status: active `last bought N days ago, R cycles: on time`; at-risk
///   `overdue: silent N days, R cycles; lost after D days`; lost `silent N days, R cycles`
///   (R = recency / cycle, one decimal; D = floor(l · cycle));
/// - ABC: `A: top 80 % of value`, `B: next 15 % of value`, `C: last 5 % of value`, or
///   `C: no value in its last year` (`no revenue in the window` with `--abc-measure revenue`);
/// - XYZ: `X: steady within 10 %`, `Y: steady within 25 %`, `Z: erratic, over 25 %`, or
///   `Z: too few purchases to tell` (no cv).
enum WhyText {
    /// The sentence for a row: `rhythm` from the row (a client or a pair),
    /// `cell` from the client (its classes, cv and ABC measure).
    static func sentence(_ row: ClientRecord, cell client: ClientRecord, options: AnalysisOptions) -> String {
        [rhythm(row), status(row, lostFactor: options.lostFactor), abc(client, options), xyz(client, options)]
            .joined(separator: "; ")
    }

    static func rhythm(_ row: ClientRecord) -> String {
        let cycle = Spelling.days(row.cycle)
        if row.hasOwnCycle { return "buys every \(cycle) days" }
        let bought = row.purchases == 1 ? "bought once" : row.purchases == 2 ? "bought twice" : "bought \(row.purchases) times"
        return "\(bought), judged by the usual \(cycle) days"
    }

    static func status(_ row: ClientRecord, lostFactor: Double) -> String {
        var ratio: [UInt8] = []
        DecimalText.appendFixed(Double(row.recency) / row.cycle, digits: 1, to: &ratio)
        let cycles = String(decoding: ratio, as: UTF8.self) + " cycles"
        switch row.status {
        case .active:
            return row.recency == 0 ? "bought on the as-of day: on time"
                : "last bought \(days(Int(row.recency))) ago, \(cycles): on time"
        case .atRisk:
            let limit = Int((lostFactor * row.cycle).rounded(.down))
            return "overdue: silent \(days(Int(row.recency))), \(cycles); lost after \(days(limit))"
        case .lost:
            return "silent \(days(Int(row.recency))), \(cycles)"
        }
    }

    static func abc(_ client: ClientRecord, _ options: AnalysisOptions) -> String {
        let value = options.abcMeasure == .annualValue ? "value" : "window revenue"
        let a = options.abcLimits.a.doubleValue, b = options.abcLimits.b.doubleValue
        switch client.abc {
        case .a: return "A: top \(percent(a)) of \(value)"
        case .b: return "B: next \(percent(b - a)) of \(value)"
        case .c:
            guard client.abcValue(options.abcMeasure) > 0 else {
                return options.abcMeasure == .annualValue ? "C: no value in its last year" : "C: no revenue in the window"
            }
            return "C: last \(percent(1 - b)) of \(value)"
        }
    }

    static func xyz(_ client: ClientRecord, _ options: AnalysisOptions) -> String {
        switch client.xyz {
        case .x: "X: steady within \(percent(options.xyzLimits.x))"
        case .y: "Y: steady within \(percent(options.xyzLimits.y))"
        case .z: client.cv.isNaN ? "Z: too few purchases to tell" : "Z: erratic, over \(percent(options.xyzLimits.y))"
        }
    }

    /// `80 %`, `87.5 %`: a share as a percentage, to a tenth, without trailing zeros.
    static func percent(_ fraction: Double) -> String {
        Spelling.days((fraction * 1000).rounded() / 10) + " %"
    }

    /// `1 day`, `171 days`.
    static func days(_ count: Int) -> String {
        count == 1 ? "1 day" : "\(count) days"
    }
}
