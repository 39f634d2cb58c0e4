import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// reel's JSON layer against JSONTestSuite's test_parsing (Tests/Fixtures/JSONTestSuite, MIT):
/// every `y_` text is accepted and round-trips, every `n_` text is refused, no `i_` text
/// crashes (accepted or refused, either is right).
@Suite struct JSONTestSuiteTests {
    static let folder = Repository.fixtures.appendingPathComponent("JSONTestSuite/test_parsing")

    static func names(_ prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    @Test func theSuiteIsThere() {
        #expect(Self.names("y_").count == 95)
        #expect(Self.names("n_").count == 188)
        #expect(Self.names("i_").count == 35)
    }

    @Test(arguments: names("y_"))
    func acceptsAndRoundTrips(_ name: String) throws {
        let bytes = try Self.bytes(name)
        let value = try JSONParser.parse(bytes)
        let written = value.serialized()
        #expect(try JSONParser.parse(written).serialized() == written, "written again the same")
        // An object on one line is a record: passed through byte for byte.
        if case .object = value, !bytes.contains(0x0A) {
            #expect(try Record.parse(line: bytes).serialized() == bytes)
        }
    }

    @Test(arguments: names("n_"))
    func refuses(_ name: String) throws {
        let bytes = try Self.bytes(name)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test(arguments: names("i_"))
    func neverCrashes(_ name: String) throws {
        let bytes = try Self.bytes(name)
        if let value = try? JSONParser.parse(bytes) {
            let written = value.serialized()
            #expect(try JSONParser.parse(written).serialized() == written)
        }
    }
}
