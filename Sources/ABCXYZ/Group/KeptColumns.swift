/// Each client's value of every kept input column (`--keep-columns`: phone,
/// e-mail, tax id, city), for the people who phone the clients.
///
/// A client's value is the one on its latest row dated on or before as-of
/// that has a non-empty one (ties on the same day: the later input row), the
/// rule SPEC §8 uses for the manager: the newest phone number wins, and a row
/// that leaves the field empty does not erase it.
///
/// ```swift
/// var options = ReadOptions()
/// options.keptColumns = ["Телефон"]
/// let analysis = try TransactionTable(contentsOfFile: "1c.csv", options: options).analyze()
/// analysis.keptColumns?.names   // ["Телефон"]; the listings append the column
/// ```
/// - Complexity: O(rows · columns) in parallel over the input's pieces,
///   O(clients · columns) memory per piece.
public struct KeptColumns: Sendable {
    /// The columns' header names, as the input spells them.
    public let names: [String]
    /// `values[slot]` holds every client's value, by client number (`""` for
    /// none), as valid UTF-8 (bytes that are not are decoded with U+FFFD).
    let values: [ByteStrings]

    init(_ table: TransactionTable, through asOf: Int32, threads: Int) {
        names = table.keptColumnNames
        let width = names.count, clientCount = table.clients.count
        let segments = table.segments
        /// Per segment: the latest day and value number + 1 of each (client, slot).
        struct Latest: Sendable {
            var days: [Int32]
            var ids: [UInt32]
        }
        let latest = Parallel.map(segments.count, threads: threads) { index -> Latest in
            let segment = segments[index]
            var days = [Int32](repeating: .min, count: clientCount * width)
            var ids = [UInt32](repeating: 0, count: clientCount * width)
            guard let kept = segment.kept else { return Latest(days: days, ids: ids) }
            var batch = [Int](repeating: 0, count: ClientHistories.batch)
            let rowDays = segment.days
            for start in stride(from: 0, to: segment.count, by: ClientHistories.batch) {
                let range = start..<min(start + ClientHistories.batch, segment.count)
                segment.clientBatch(range, into: &batch) { clients in
                    for (k, row) in range.enumerated() where rowDays[row] <= asOf {
                        let base = clients[k] * width
                        for slot in 0..<width {
                            let id = kept.id(row: row, slot: slot)
                            // `>=`: a later row of the same day wins.
                            if id != 0, rowDays[row] >= days[base + slot] {
                                days[base + slot] = rowDays[row]
                                ids[base + slot] = id
                            }
                        }
                    }
                }
            }
            withExtendedLifetime(segment) {}
            return Latest(days: days, ids: ids)
        }
        // Segments are in input order: a later one wins a tie.
        values = (0..<width).map { slot in
            var bytes: [UInt8] = []
            var offsets = [0]
            offsets.reserveCapacity(clientCount + 1)
            for client in 0..<clientCount {
                let cell = client * width + slot
                var best: (segment: Int, id: UInt32, day: Int32)? = nil
                for segment in latest.indices where latest[segment].ids[cell] != 0 {
                    if best == nil || latest[segment].days[cell] >= best!.day {
                        best = (segment, latest[segment].ids[cell], latest[segment].days[cell])
                    }
                }
                if let best, let kept = segments[best.segment].kept {
                    let value = kept.values[Int(best.id - 1)]
                    let valid = value.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
                    if valid { bytes.append(contentsOf: value) } else {
                        bytes.append(contentsOf: String(decoding: value, as: UTF8.self).utf8)
                    }
                }
                offsets.append(bytes.count)
            }
            return ByteStrings(bytes: bytes, offsets: offsets)
        }
    }

    /// How many columns are kept.
    public var count: Int { names.count }

    /// Column `slot`'s value for the client numbered `client` (`""` for none).
    func bytes(_ slot: Int, client: Int) -> ArraySlice<UInt8> { values[slot][client] }

    /// Column `slot`'s value for the client `client` (`""` for none).
    func value(_ slot: Int, ofClient client: Int) -> String { values[slot].string(client) }
}
