/// A fitted purchase model, whichever it is: its name, parameters and how the
/// fit went, and the model itself for the forecasts.
public struct PurchaseModelFit: Sendable {
    /// Which model was fitted: BG/NBD or Pareto/NBD.
    public let kind: ModelKind
    /// In the model's order: r, alpha, a, b (BG/NBD) or r, alpha, s, beta (Pareto/NBD).
    public let parameters: [(name: String, value: Double)]
    /// The log-likelihood at the fit: to compare fits of one data set, not across data sets.
    public let logLikelihood: Double
    /// Quasi-Newton iterations taken; a fit near the limit deserves a second look.
    public let iterations: Int
    /// `false` when the optimiser stopped before its tolerance: the parameters may be rough.
    public let converged: Bool
    let model: any PurchaseModel

    /// Fits the model of `kind` to the grouped calibration data.
    /// - Throws: ``ModelFitError`` with the reason the data cannot be fitted.
    public init(_ kind: ModelKind, _ groups: [FrequencyRecency], penalizer: Double = 0,
                threads: Int = 1) throws(ModelFitError) {
        self.kind = kind
        switch kind {
        case .bgnbd:
            let fit = try BGNBD.fit(groups, penalizer: penalizer, threads: threads)
            let p = fit.parameters
            (parameters, model) = ([("r", p.r), ("alpha", p.alpha), ("a", p.a), ("b", p.b)], p)
            (logLikelihood, iterations, converged) = (fit.logLikelihood, fit.iterations, fit.converged)
        case .paretoNBD:
            let fit = try ParetoNBD.fit(groups, penalizer: penalizer, threads: threads)
            let p = fit.parameters
            (parameters, model) = ([("r", p.r), ("alpha", p.alpha), ("s", p.s), ("beta", p.beta)], p)
            (logLikelihood, iterations, converged) = (fit.logLikelihood, fit.iterations, fit.converged)
        }
    }
}

/// The probabilistic model of SPEC §14 run alongside the classification
/// (`classify --model`, `report --model`): the fits, and for every client of
/// ``Analysis/clients`` its P(alive), expected purchases, expected spend and CLV.
///
/// ```swift
/// var model = ModelOptions()
/// model.occasions = .transactionDays
/// let analysis = try table.analyze(options, model: model)
/// let forecast = analysis.model!
/// print(forecast.purchases.parameters.map(\.name))   // ["r", "alpha", "a", "b"]
/// print(forecast.clients[0].probabilityAlive)       // the first client of analysis.clients
/// ```
public struct ModelForecast: Sendable {
    /// The options the model ran with (as-of, horizon and margin the analysis').
    public let options: ModelOptions
    /// x, t_x, T and m_x of every client with an occasion, tallied in the classifier's pass.
    public let summary: ModelSummary
    /// The purchase model's fit, which P(alive) and expected purchases come from.
    public let purchases: PurchaseModelFit
    /// The Gamma-Gamma spend fit, which expected spend and CLV come from.
    public let spend: ModelFit<GammaGamma>
    /// One forecast per entry of ``Analysis/clients``, in its order.
    public let clients: [ClientForecast]

    /// `model` with the analysis' as-of, horizon and margin: one as-of and one
    /// horizon for both the rule and the model.
    static func options(_ model: ModelOptions, for analysis: AnalysisOptions) -> ModelOptions {
        var model = model
        model.asOf = analysis.asOf
        model.horizonYears = analysis.horizonYears
        model.margin = analysis.margin
        return model
    }

    /// Fits the models to the summary the classifier tallied and forecasts every client.
    /// - Throws: ``ModelFitError`` when a fit cannot be made.
    init(_ analysis: Analysis, options: ModelOptions) throws(ModelFitError) {
        var marks = Trace.Marks()
        let pass = analysis.passSummary!
        let summary = pass.summary
        let threads = analysis.threads
        let purchases = try PurchaseModelFit(options.model, summary.groups, penalizer: options.penalizer,
                                             threads: threads)
        marks.mark("model: purchase fit")
        let spend = try GammaGamma.fit(summary.spend, penalizer: options.penalizer, threads: threads)
        marks.mark("model: spend fit")
        let perRow = summary.forecast(purchases.model, spend: spend.parameters, options: options,
                                      scale: analysis.scale, threads: threads)
        marks.mark("model: forecasts")
        let undefined = ClientForecast(probabilityAlive: .nan, expectedPurchases: .nan, expectedSpend: nil, clv: nil)
        clients = analysis.clients.records.map { record in
            let row = pass.rowOfClient[Int(record.client)]
            return row < 0 ? undefined : perRow[Int(row)]
        }
        self.options = options
        self.summary = summary
        self.purchases = purchases
        self.spend = spend
    }
}
