@testable import ABCXYZ
import Testing

@Suite("Columns: one role per field, the columns used, and what reading rounded")
struct ColumnRoleTests {
    func read(_ csv: String, _ configure: (inout ReadOptions) -> Void = { _ in }) throws -> TransactionTable {
        var options = ReadOptions()
        configure(&options)
        return try TransactionTable(csv: Array(csv.utf8), name: "t.csv", options: options)
    }

    @Test("A named column already taken by a role found by its usual name is refused, naming both roles")
    func namedColumnTakenByUsualName() {
        #expect(throws: ReadError(file: "t.csv", line: 1,
                                  reason: .columnForTwoRoles(.manager, .date, name: "date", field: 2))) {
            try read("client,date,amount\nA,2025-01-01,1\n") { $0.columns.manager = "date" }
        }
    }

    @Test("A used column whose name the header repeats is ambiguous")
    func repeatedName() {
        #expect(throws: ReadError(file: "t.csv", line: 1,
                                  reason: .duplicateColumn(.client, name: "Client", fields: [1, 4]))) {
            try read("Client,date,amount,client\nA,2025-01-01,1,B\n")
        }
    }

    @Test("The table says which fields it read, and which unused ones look like a manager or category")
    func columnsUsedAndLookalikes() throws {
        let table = try read("Sales Rep Name,customer,order date,qty,price,Product Category\nAnna,A,2025-01-01,2,1.5,x\n")
        #expect(table.columns == [ColumnUse(role: .client, name: "customer", field: 2),
                                  ColumnUse(role: .date, name: "order date", field: 3),
                                  ColumnUse(role: .quantity, name: "qty", field: 4),
                                  ColumnUse(role: .price, name: "price", field: 5)])
        #expect(table.lookalikeColumns == [ColumnUse(role: .manager, name: "Sales Rep Name", field: 1),
                                           ColumnUse(role: .category, name: "Product Category", field: 6)])
        let known = try read("client,date,amount,manager,manager_email\nA,2025-01-01,1,Anna,a@x\n")
        #expect(known.lookalikeColumns.isEmpty)  // the manager has its column: nothing to point out
    }

    @Test("Rows whose amount the scale changes are counted; trailing zeros and whole amounts are not")
    func roundedAmounts() throws {
        let body = "client,date,amount\nA,2025-01-01,10.50\nB,2025-01-02,3\nC,2025-01-03,7.000\nD,2025-01-04,1 234.5\n"
        #expect(try read(body) { $0.scale = 0 }.roundedAmountCount == 2)  // 10.50, and 1 234.5 (read by the general path)
        #expect(try read(body) { $0.scale = 2 }.roundedAmountCount == 0)
        // quantity × price: 3 × 0.333 = 0.999 → 1.00 at scale 2; 2 × 1.50 is exact.
        let items = try read("client,date,quantity,price\nA,2025-01-01,3,0.333\nB,2025-01-01,2,1.50\n")
        #expect(items.roundedAmountCount == 1)
    }
}
