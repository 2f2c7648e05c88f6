/// The result of the method on one table: every client's classes, cycle,
/// status, value lost and tier, and the ranked win-back list.
///
/// ```swift
/// let table = try TransactionTable(contentsOfFile: "sales.csv")
/// let analysis = try table.analyze()
/// for entry in analysis.winBackList.prefix(3) {
///     print(entry.rank, entry.result.client, entry.tier, entry.result.ltvLoss.formatted(scale: 2))
/// }
/// // 1 Bolt 1 10900.00
/// // 2 Hal 1 7500.00
/// // 3 Dan 2 5000.00
/// ```
public struct Analysis: Sendable {
    /// The options the analysis ran with (``AnalysisOptions/asOf`` resolved).
    public let options: AnalysisOptions
    /// The window and its periods.
    public let grid: PeriodGrid
    /// Fraction digits of money in this data set.
    public let scale: Int
    /// The median own cycle of the clients that have one (before the minimum
    /// applies); `nil` when no client has one and the fallback was used.
    public let populationCycleDays: Double?
    /// `T` of SPEC §3: the sum of the ABC measure (annual value, or window
    /// revenue with ``ABCMeasure/revenue``) over the clients whose measure is positive.
    public let abcTotal: Money
    /// Revenue in the window of the clients with positive window revenue
    /// (`T` itself when ABC is by revenue).
    public let totalRevenue: Money
    /// Rows and clients, accounted for.
    public let summary: IngestSummary
    /// Every client with a purchase day, in the order of SPEC §11.
    public let clients: ClientList
    /// The at-risk and lost clients in win-back order (SPEC §7).
    public let winBackList: WinBackList

    /// How long grouping the rows by client, and classifying them, took, for
    /// the command line's `--timings` (`package`: measurements, not results).
    package internal(set) var groupDuration: Duration = .zero
    package internal(set) var classifyDuration: Duration = .zero

    /// The day the analysis looks back from.
    public var asOf: Day { grid.asOf }

    let histories: ClientHistories
    let names: Names
    /// Whose cycles judged the statuses (SPEC §13): per pair or per client.
    public let cycles: CycleBasis
    /// The client × service pairs, in service mode (`nil` with ``CycleBasis/client``).
    let pairs: ServicePairs?
    /// The kept input columns (``ReadOptions/keptColumns``): each client's
    /// latest non-empty value; `nil` when none are kept.
    public internal(set) var keptColumns: KeptColumns? = nil
    /// The threads the analysis ran with; the writers use as many.
    public internal(set) var threads = 1
    /// The model summary the classifier's pass tallied, when the model was asked for.
    var passSummary: PassSummary? = nil
    /// The probabilistic model of SPEC §14 (`analyze(_:model:threads:)`); `nil` unless asked for.
    public internal(set) var model: ModelForecast? = nil
    /// How long fitting the model and forecasting each client took (`--timings`).
    package internal(set) var modelDuration: Duration = .zero

    /// Client and manager ids, by number.
    struct Names: Sendable {
        let clients: ByteStrings
        let managers: ByteStrings
        /// Categories (services) by number − 1; empty without a category column.
        var categories = ByteStrings()

        /// The name of a service (category number + 1; 0 is `""`).
        func service(_ number: UInt32) -> ArraySlice<UInt8> {
            number == 0 ? [] : categories[Int(number - 1)]
        }
    }
}
