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
        var table = self
        return try table.analyze(options, model: model, threads: threads, releasingFrom: nil)
    }

    /// ``analyze(_:model:threads:)`` for a caller that analyses the table
    /// once: a large table's rows (50 M or more, without kept columns) are
    /// freed as they are grouped, partition by partition, so that they are
    /// held about once instead of twice (columns and grouped histories side
    /// by side: 3.4 GiB at 100 M rows). Then ``rowsReleased`` is `true`: the
    /// table keeps its accounting (``rowsRead``, ``acceptedCount``,
    /// ``rejections``, ``dateRange``) but no rows, analysing it again throws,
    /// and ``transactions`` traps. A smaller table keeps its rows (freeing
    /// them costs time on one thread and saves little).
    /// The analysis is the same as ``analyze(_:model:threads:)``'s, byte for byte.
    /// - Throws: what ``analyze(_:model:threads:)`` throws, and ``AnalysisError``
    ///   when the rows were released already.
    public mutating func analyzeReleasingRows(_ options: AnalysisOptions = AnalysisOptions(),
                                              model: ModelOptions? = nil,
                                              threads: Int = ReadOptions.processorCount) throws -> Analysis {
        try analyze(options, model: model, threads: threads, releasingFrom: ClientHistories.rowsWorthReleasing)
    }

    /// `releasingFrom`: the fewest accepted rows whose table is released
    /// while grouped (`nil`: never); tests release small tables with 0.
    mutating func analyze(_ options: AnalysisOptions, model: ModelOptions?, threads: Int,
                          releasingFrom threshold: Int?) throws -> Analysis {
        guard !rowsReleased else {
            throw AnalysisError(description: "the table's rows were released by an earlier analysis")
        }
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
        let histories = groupedHistories(through: grid.asOf.daysSince1970, threads: threads, releasingFrom: threshold)
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

    /// The histories through `day`, taking the rows from the table as it groups them
    /// (``ClientHistories/init(releasingRowsOf:through:threads:)``) when it has at least
    /// `threshold` accepted rows and no kept columns, which are read from the rows afterwards.
    /// Freeing memory costs time on one thread (the kernel unmaps it): only worth it for large tables.
    mutating func groupedHistories(through day: Int32, threads: Int, releasingFrom threshold: Int?) -> ClientHistories {
        if keptColumnNames.isEmpty, let threshold, acceptedCount >= threshold {
            return ClientHistories(releasingRowsOf: &self, through: day, threads: threads)
        }
        return ClientHistories(self, through: day, threads: threads)
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

/// Analysis failed for a reason other than bad options (``TransactionTable/analyze(_:model:threads:)``).
public struct AnalysisError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, in a sentence that says what to do (the command line prints it).
    public var description: String
}
