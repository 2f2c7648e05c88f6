extension Report {
    /// The ABC × XYZ matrix of SPEC §3–§4: the nine cells, the totals of
    /// each row and column, and the grand total, reached by class rather
    /// than by position.
    public struct ClassMatrix: Hashable, Sendable {
        /// Row by row: AX, AY, AZ, BX, …, CZ.
        private let cells: [CellFigures]
        private let rows: [CellFigures]
        private let columns: [CellFigures]
        /// All clients.
        public let total: CellFigures

        /// `cells` row by row (AX, AY, AZ, BX, …), `rows` A, B, C and `columns` X, Y, Z.
        init(cells: [CellFigures], rows: [CellFigures], columns: [CellFigures], total: CellFigures) {
            precondition(cells.count == 9 && rows.count == 3 && columns.count == 3)
            self.cells = cells
            self.rows = rows
            self.columns = columns
            self.total = total
        }

        /// The cell of a class pair.
        public func cell(_ abc: ABCClass, _ xyz: XYZClass) -> CellFigures { cells[abc.index * 3 + xyz.index] }

        /// The total of an ABC row (its three cells).
        public func row(_ abc: ABCClass) -> CellFigures { rows[abc.index] }

        /// The total of an XYZ column (its three cells).
        public func column(_ xyz: XYZClass) -> CellFigures { columns[xyz.index] }
    }

    /// One win-back tier's clients and the value they cost (SPEC §7).
    public struct TierFigures: Hashable, Sendable {
        /// Which tier.
        public let tier: WinBackTier
        /// Clients on the win-back list in this tier.
        public var clients = 0
        /// Their lifetime value lost.
        public var ltvLoss = Money.zero

        /// A tier with no client yet.
        public init(_ tier: WinBackTier) {
            self.tier = tier
        }
    }

    /// The Pareto curve of the ABC measure, and where the last A and last B
    /// client fall on it: what the page's chart draws.
    public struct ParetoCurve: Hashable, Sendable {
        /// One point: after the first `clients` share of clients ranked by the
        /// ABC measure, the share `measure` of its total they hold.
        public struct Point: Hashable, Sendable {
            /// Cumulative share of clients, 0 to 1.
            public var clients: Double
            /// Cumulative share of the ABC measure (whichever measure ranked them), 0 to 1.
            public var measure: Double
        }

        /// From (0, 0), at most about 400 points.
        public var points: [Point] = [Point(clients: 0, measure: 0)]
        /// The share of clients at the last A client; `nil` without A clients.
        public var lastA: Double? = nil
        /// The share of clients at the last B client; `nil` without B clients.
        public var lastB: Double? = nil
    }
}
