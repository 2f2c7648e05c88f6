import ABCXYZ
import Testing

/// Reading a model summary computed elsewhere (SPEC §16).
@Suite struct SummaryFileTests {
    @Test func columnsAreFoundByNameWithCountsAndEmptySpendForNoRepeats() throws {
        let text = "count;T;recency;frequency;monetary_value\r\n3;10;0;0;\r\n2;10;4.5;2;12.5\r\n"
        let summary = try SummaryFile.read(text, name: "s.csv", unit: .week)
        #expect(summary.groups == [FrequencyRecency(x: 0, tx: 0, T: 10, count: 3),
                                   FrequencyRecency(x: 2, tx: 4.5, T: 10, count: 2)])
        #expect(summary.spend == [SpendObservation(x: 2, mx: 12.5, count: 2)])
        #expect(summary.clientCount == 5 && summary.repeaters == 2 && summary.occasions == nil)
    }

    @Test(arguments: [
        ("x,t_x\n1,2\n", "s.csv:1: the header needs columns x, t_x and T (found: x, t_x)"),
        ("x,t_x,T\n1,2\n", "s.csv:2: expected 3 fields, found 2"),
        ("x,t_x,T\n-1,0,5\n", "s.csv:2:1: x must be a whole number ≥ 0, got '-1'"),
        ("x,t_x,T\n0,1,5\n", "s.csv:2:3: t_x must be 0 when x = 0, got '1'"),
        ("x,t_x,T,count\n1,1,5,0\n", "s.csv:2:7: count must be a whole number ≥ 1, got '0'"),
    ])
    func aBadRowIsNamedByLineAndColumn(text: String, message: String) {
        #expect(throws: SummaryFileError.self) { try SummaryFile.read(text, name: "s.csv", unit: .week) }
        do {
            _ = try SummaryFile.read(text, name: "s.csv", unit: .week)
        } catch {
            #expect(error.description == message)
        }
    }
}
