/// The worked example of SPEC §12 (84 rows, 14 clients), built into the
/// library so that `abcxyz classify` with no file shows what the tool does on
/// a fresh machine, and so that code embedding the library has data to try.
///
/// A byte-for-byte copy of `fixtures/example/transactions.csv`; a test keeps
/// the two equal.
public enum BundledExample {
    /// The name errors and captions use for it.
    public static let name = "example"

    /// The CSV text.
    public static let csv = #"""
client,date,amount,manager
Old,2023-05-01,800.00,Anna
Old,2023-06-01,800.00,Anna
Old,2023-07-01,800.00,Anna
ACME,2024-01-15,1000.00,Anna
ACME,2024-02-15,1000.00,Anna
Bolt,2024-03-10,900.00,Anna
ACME,2024-03-15,1000.00,Anna
Bolt,2024-04-10,1100.00,Anna
ACME,2024-04-15,1000.00,Anna
Bolt,2024-05-10,1000.00,Anna
ACME,2024-05-15,1000.00,Anna
Hal,2024-06-03,2000.00,Anna
Bolt,2024-06-10,1300.00,Anna
ACME,2024-06-15,1000.00,Anna
Bolt,2024-07-10,700.00,Anna
ACME,2024-07-15,1000.00,Anna
Jon,2024-08-01,250.00,Boris
Ivy,2024-08-01,250.00,Boris
Bolt,2024-08-10,900.00,Anna
ACME,2024-08-15,1000.00,Anna
Jon,2024-09-01,250.00,Boris
Ivy,2024-09-01,250.00,Boris
Hal,2024-09-02,2000.00,Anna
Bolt,2024-09-10,1100.00,Anna
ACME,2024-09-15,1000.00,Anna
Jon,2024-10-01,250.00,Boris
Ivy,2024-10-01,250.00,Boris
Bolt,2024-10-10,1000.00,Anna
ACME,2024-10-15,1000.00,Anna
Jon,2024-11-01,250.00,Boris
Ivy,2024-11-01,250.00,Boris
Gus,2024-11-05,150.00,Boris
Bolt,2024-11-10,1300.00,Anna
ACME,2024-11-15,1000.00,Anna
"Smith, J.",2024-12-01,75.50,
Hal,2024-12-02,2000.00,Anna
Gus,2024-12-03,150.00,Boris
Bolt,2024-12-10,700.00,Anna
ACME,2024-12-15,1000.00,Anna
"Smith, J.",2025-01-01,75.50,
Bolt,2025-01-10,900.00,Anna
ACME,2025-01-15,1000.00,Anna
Gus,2025-01-20,400.00,Boris
Gus,2025-01-20,-400.00,Boris
Dan,2025-02-01,5 000.00,Anna
"Smith, J.",2025-02-01,75.50,
Gus,2025-02-07,150.00,Boris
ACME,2025-02-15,1000.00,Anna
"Smith, J.",2025-03-01,75.50,
Cara,2025-03-03,12.50,Boris
Hal,2025-03-03,2000.00,Anna
Gus,2025-03-09,150.00,Boris
Cara,2025-03-10,80.00,Boris
Hal,2025-03-10,-500.00,Anna
ACME,2025-03-15,1000.00,Boris
Cara,2025-03-17,7.25,Boris
Cara,2025-03-24,45.00,Boris
Cara,2025-03-31,3.99,Boris
Gus,2025-04-02,150.00,Boris
Cara,2025-04-07,12.50,Boris
Cara,2025-04-14,80.00,Boris
ACME,2025-04-15,1000.00,Boris
Eve,2025-04-20,300.00,
Cara,2025-04-21,7.25,Boris
Cara,2025-04-28,45.00,Boris
Ольга,2025-05-02,60.00,Anna
Eve,2025-05-04,320.00,
Cara,2025-05-05,3.99,Boris
Fay,2025-05-05,-120.00,Anna
Cara,2025-05-12,12.50,Boris
ACME,2025-05-15,1000.00,Boris
Cara,2025-05-19,80.00,Boris
Cara,2025-05-26,7.25,Boris
Ольга,2025-05-30,60.00,Anna
Ray,2025-06-01,19.995,
Cara,2025-06-02,45.00,Boris
Cara,2025-06-09,3.99,Boris
ACME,2025-06-15,1000.00,Boris
ACME,2025-06-15,250.00,Boris
Cara,2025-06-16,12.50,Boris
Ray,2025-06-20,10.004,
Cara,2025-06-23,80.00,Boris
Ольга,2025-06-27,60.00,Anna
Cara,2025-06-30,7.25,Boris

"""#

    /// The example, read.
    public static func table(options: ReadOptions = ReadOptions()) throws -> TransactionTable {
        try TransactionTable(csv: Array(csv.utf8), name: name, options: options)
    }
}
