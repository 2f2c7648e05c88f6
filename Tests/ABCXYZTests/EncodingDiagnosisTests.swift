@testable import ABCXYZ
import Foundation
import Testing

@Suite("Text that is not UTF-8 is named for what it is, with the conversion that fixes it")
struct EncodingDiagnosisTests {
    func readError(_ bytes: [UInt8]) -> ReadError? {
        do {
            _ = try TransactionTable(csv: bytes, name: "in.csv")
            return nil
        } catch {
            return error as? ReadError
        }
    }

    let text = "client,date,amount\nОльга,2025-01-01,1\n"

    @Test("UTF-16 and UTF-32, with or without a byte-order mark, are not called binary", arguments: [
        (String.Encoding.utf16LittleEndian, [0xFF, 0xFE] as [UInt8], "UTF-16"),
        (.utf16BigEndian, [0xFE, 0xFF], "UTF-16"),
        (.utf16LittleEndian, [], "UTF-16LE"),
        (.utf16BigEndian, [], "UTF-16BE"),
        (.utf32LittleEndian, [0xFF, 0xFE, 0, 0], "UTF-32"),
        (.utf32LittleEndian, [], "UTF-32LE"),
        (.utf32BigEndian, [], "UTF-32BE"),
    ] as [(String.Encoding, [UInt8], String)])
    func wideUnicode(encoding: String.Encoding, byteOrderMark: [UInt8], name: String) throws {
        let bytes = byteOrderMark + [UInt8](try #require(text.data(using: encoding)))
        let error = try #require(readError(bytes))
        #expect(error.reason == .wideUnicode(name))
        #expect(error.description == "in.csv:1: the file is \(name) text, not UTF-8: save it as CSV UTF-8, "
            + "or convert it: iconv -f \(name) -t UTF-8")
    }

    @Test("Zip and gzip signatures and stray NULs are still binary")
    func binaryStillBinary() {
        #expect(readError([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])?.reason == .notText)
        #expect(readError([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00])?.reason == .notText)
        #expect(readError([0x63, 0x00, 0x00, 0x2C, 0x64, 0x00, 0x0A, 0x00, 0x00, 0x41])?.reason == .notText)
    }

    /// GBK and cp1251 bytes written out, so the test does not depend on the platform's converters.
    func guess(_ bytes: [UInt8]) -> LegacyEncoding { bytes.withUnsafeBufferPointer { LegacyEncoding.guess($0) } }

    @Test("Chinese text in GBK is told apart from Russian text in Windows-1251 by its bytes")
    func gbkOrCp1251() {
        // 客户,日期,金额 in GBK.
        #expect(guess([0xBF, 0xCD, 0xBB, 0xA7, 0x2C, 0xC8, 0xD5, 0xC6, 0xDA, 0x2C, 0xBD, 0xF0, 0xB6, 0xEE]) == .gb18030)
        #expect(guess([0xCD, 0xF5, 0xB7, 0xBC]) == .gb18030)  // 王芳
        #expect(guess([0xC0, 0xEE, 0xC4, 0xC8]) == .gb18030)  // 李娜: "АоДИ" in cp1251, no Russian word's case
        // Контрагент;Дата;Сумма in cp1251: "Сумма" has five bytes, which GBK cannot end a field with.
        #expect(guess([0xCA, 0xEE, 0xED, 0xF2, 0xF0, 0xE0, 0xE3, 0xE5, 0xED, 0xF2, 0x3B, 0xC4, 0xE0, 0xF2, 0xE0,
                       0x3B, 0xD1, 0xF3, 0xEC, 0xEC, 0xE0]) == .windows1251)
        // "Иван Петров": valid GBK pairs, but both words are cased as Russian is.
        #expect(guess([0xC8, 0xE2, 0xE0, 0xED, 0x20, 0xCF, 0xE5, 0xF2, 0xF0, 0xEE, 0xE2]) == .windows1251)
        #expect(guess([0xCE, 0xEB, 0xFC, 0xE3, 0xE0]) == .windows1251)  // Ольга
    }

    @Test("A GBK header and a GBK client id are told to convert from GB18030")
    func gbkMessages() throws {
        let header: [UInt8] = [0xBF, 0xCD, 0xBB, 0xA7, 0x2C] + Array("date,amount\n".utf8)
        let headerError = try #require(readError(header + Array("A,2025-01-01,1\n".utf8)))
        #expect(headerError.description
            == "in.csv:1: the header is not UTF-8 (an export in GB18030 (GBK)? convert it: iconv -f gb18030 -t utf-8)")
        let client = Array("client,date,amount\n".utf8) + [0xCD, 0xF5, 0xB7, 0xBC] + Array(",2025-01-01,1\n".utf8)
        let clientError = try #require(readError(client))
        #expect(clientError.description == "in.csv:2:1: text in column 'client' is not UTF-8 "
            + "(an export in GB18030 (GBK)? convert it: iconv -f gb18030 -t utf-8)")
    }
}
