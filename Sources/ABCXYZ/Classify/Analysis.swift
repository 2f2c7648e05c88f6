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

    /// How long grouping the rows by client, and classifying them, took.
    public internal(set) var groupDuration: Duration = .zero
    public internal(set) var classifyDuration: Duration = .zero

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
    /// How long fitting the model and forecasting each client took.
    public internal(set) var modelDuration: Duration = .zero

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

/// Analysis failed for a reason other than bad options.
public struct AnalysisError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

extension TransactionTable {
    /// Runs the method of SPEC §1–§7 on these transactions.
    /// - Parameters:
    ///   - options: every choice of the method; the defaults are SPEC's.
    ///   - threads: how many threads group and classify. The result is the
    ///     same for any number.
    ///   - model: with options, also the probabilistic model of SPEC §14 on the
    ///     same pass (``Analysis/model``); its as-of, horizon and margin are the analysis'.
    /// - Throws: ``OptionsError`` for options that cannot work,
    ///   ``AnalysisError`` when there is no accepted row to take as-of from,
    ///   ``ModelFitError`` when the model cannot be fitted.
    /// - Complexity: O(n + c log c) for n rows and c clients.
    public func analyze(_ options: AnalysisOptions = AnalysisOptions(), model: ModelOptions? = nil,
                        threads: Int = ReadOptions.processorCount) throws -> Analysis {
        try options.validate()
        try model?.validate()
        var options = options
        if options.asOf == nil {
            guard let latest = dateRange?.upperBound else {
                throw AnalysisError(description: "no accepted transactions, so no as-of date: name one with --as-of")
            }
            options.asOf = latest
        }
        if options.cycles == nil { options.cycles = hasCategoryColumn ? .service : .client }
        try checkValueLostFits(options)
        let grid = PeriodGrid(asOf: options.asOf!, length: options.periodLength, count: options.periodCount)
        let clock = ContinuousClock()
        let start = clock.now
        let histories = ClientHistories(self, through: grid.asOf.daysSince1970, threads: threads)
        let grouped = clock.now
        let model = model.map { ModelForecast.options($0, for: options) }
        var analysis = Classifier(options: options, grid: grid, threads: threads, cycles: options.cycles!, model: model)
            .classify(histories, names: Analysis.Names(clients: clients, managers: managers,
                                                       categories: categories ?? ByteStrings()),
                      scale: scale, lines: lines, rowsRead: rowsRead, accepted: acceptedCount)
        analysis.threads = threads
        if !keptColumnNames.isEmpty {
            analysis.keptColumns = KeptColumns(self, through: grid.asOf.daysSince1970, threads: threads)
        }
        analysis.groupDuration = grouped - start
        analysis.classifyDuration = clock.now - grouped
        if let model {
            let classified = clock.now
            analysis.model = try ModelForecast(analysis, options: model)
            analysis.modelDuration = clock.now - classified
        }
        return analysis
    }

    /// Value lost is annual value × horizon × margin; annual values add up to
    /// at most Σ|amount|, which reading keeps below 2^63 minor units. With a
    /// factor above 1 (a horizon of several years) the sums of value lost could
    /// pass that, so they are checked before any is computed.
    private func checkValueLostFits(_ options: AnalysisOptions) throws {
        let factor = options.horizonYears * options.margin
        guard factor > 1 else { return }
        var total = 0.0
        for segment in segments {
            for amount in segment.storage.amount { total += Double(amount.magnitude) }
        }
        // Each client's value lost is rounded: at most half a minor unit more per row.
        guard total * factor + Double(acceptedCount) < 9.2e18 else {
            throw AnalysisError(description: "the value lost, up to \(total * factor) minor units with --horizon "
                + "\(options.horizonYears) and --margin \(options.margin), would pass 9.2·10^18: use a shorter horizon")
        }
    }
}
