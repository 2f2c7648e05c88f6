@testable import ABCXYZ
import Testing

@Suite("Piece claims: how parser threads share the file")
struct PieceClaimsTests {
    @Test("A claim reaches a stretch past the record, never past the piece's limit")
    func claimsStopAtTheLimit() {
        let claims = PieceClaims(nominal: [0, 100, 200], stretch: 30, minimumRemainder: 20)
        #expect(claims.extend(0, at: 0) == 30)
        #expect(claims.extend(0, at: 31) == 61)  // a record ran past the claim
        #expect(claims.extend(0, at: 80) == 100)
        #expect(claims.extend(0, at: 100) == nil)
        #expect(claims.extend(1, at: 150) == 180)
    }

    @Test("Taking over halves the largest unclaimed remainder; claimed bytes stay with their piece")
    func takingHalvesTheLargestRemainder() {
        let claims = PieceClaims(nominal: [0, 100, 200], stretch: 10, minimumRemainder: 20)
        #expect(claims.extend(0, at: 0) == 10)
        #expect(claims.extend(1, at: 100) == 110)
        // Remainders 90 and 90: the first piece's, cut at 10 + 45.
        #expect(claims.take() == 2)
        #expect(claims.range(0) == 0..<55)
        #expect(claims.range(2) == 55..<100)
        #expect(claims.extend(0, at: 50) == 55)
        #expect(claims.extend(0, at: 56) == nil)
        // Now piece 1 has 90 left, piece 2 has 45.
        #expect(claims.take() == 3)
        #expect(claims.range(1) == 100..<155)
        #expect(claims.range(3) == 155..<200)
        // A finished piece gives nothing; of pieces 2 and 3 (45 each), the first.
        claims.finish(1)
        #expect(claims.take() == 4)
        #expect(claims.range(2) == 55..<77)
        #expect(claims.range(4) == 77..<100)
        #expect(claims.count == 5)
    }

    @Test("Nothing is taken below the minimum remainder, nor from a piece a record ran past")
    func smallRemaindersStay() {
        let claims = PieceClaims(nominal: [0, 100], stretch: 10, minimumRemainder: 50)
        #expect(claims.extend(0, at: 0) == 10)
        #expect(claims.extend(0, at: 50) == 60)
        #expect(claims.take() == nil)  // 40 left
        let overrun = PieceClaims(nominal: [0, 100, 200], stretch: 10, minimumRemainder: 20)
        #expect(overrun.extend(0, at: 0) == 10)
        #expect(overrun.extend(0, at: 120) == nil)  // a quoted record from before 100 ended at 120
        overrun.finish(1)
        #expect(overrun.take() == nil)  // piece 0's 90 unclaimed bytes were its record's
    }

    @Test("A stop at a rejected row ends the pieces after it and gives none of them away; earlier pieces go on")
    func stopEndsLaterPieces() {
        let claims = PieceClaims(nominal: [0, 100, 200, 300], stretch: 10, minimumRemainder: 20)
        #expect(claims.extend(0, at: 0) == 10)
        #expect(claims.extend(1, at: 100) == 110)
        #expect(claims.extend(2, at: 200) == 210)
        claims.stop(1, at: 105)
        #expect(claims.extend(2, at: 210) == nil)  // starts after the rejected row
        #expect(claims.extend(0, at: 10) == 20)  // before it: may hold an earlier rejection
        // Only piece 0's remainder (80) may be taken: piece 1 is stopped, piece 2 is after the stop.
        #expect(claims.take() == 3)
        #expect(claims.range(3) == 60..<100)
        #expect(claims.range(0) == 0..<60)
        #expect(claims.extend(3, at: 60) == 70)
        // Piece 0 has 40 left (20..<60), piece 3 30: the first is halved.
        #expect(claims.take() == 4)
        #expect(claims.range(4) == 40..<60)
    }
}
