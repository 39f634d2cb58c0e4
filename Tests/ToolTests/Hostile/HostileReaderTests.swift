import Foundation
import ReelTestSupport
import Testing

/// The readers on hostile records and files (F1, F2): numbers beyond any picture in `skull`, a
/// dataset header whose side is 0xffffffff. Each is a clear message and status 65; every record
/// still comes out.
@Suite struct HostileReaderTests {
    @Test func skullsBeyondAnyPictureAreReportedAndTheRecordsPass() throws {
        // F1: x, y or h of 2^63-1, -2^63 or 4e18 in `skull` (dc_overflow_1 to _5 in one file).
        let input = try Hostile.text("dc_overflow_all.ndjson")
        let result = try Hostile.run("digit-classify", [], input: input, memory: 1024)
        #expect(result.status == 65, "\(result.errors)")
        let records = try jsonLines(result.output)
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0["kills"] is NSNull && $0["kills_reason"] as? String == "skull out of range" })
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy {
            $0 == "digit-classify: frame at 58.0 s: skull out of range: x, y, w, h must be whole numbers from 0 to 65536"
        }, "\(result.errors)")
    }

    @Test(arguments: [["evaluate"], ["train", "--out", "weights"], ["dataset", "--labels", "labels.ndjson", "--out"]])
    func aDatasetOfSide0xffffffffIsRefused(_ arguments: [String]) throws {
        // F2: the side was multiplied before it was checked, and allocated on its word.
        let folder = try TemporaryDirectory("reel-hostile-dataset")
        let dataset = folder.file("hostile.ds")
        try FileManager.default.copyItem(atPath: Hostile.fixture("dataset_size_ffffffff.ds"), toPath: dataset)
        try "{\"type\":\"label\",\"t\":0,\"value\":1}\n".write(toFile: folder.file("labels.ndjson"), atomically: true, encoding: .utf8)
        let subcommand = arguments[0]
        let rest = arguments.dropFirst().map { $0 == "weights" || $0 == "labels.ndjson" ? folder.file($0) : $0 }
        let command = subcommand == "dataset" ? [subcommand] + rest + [dataset] : [subcommand, dataset] + rest
        let result = try Hostile.run("digit-classify", command, input: "", memory: 1024)
        #expect(result.status == 65, "\(result.errors)")
        #expect(result.errors.contains("\(dataset): digit dataset of side 4294967295, not 4 to 64"), "\(result.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dataset)) == Data(contentsOf: URL(fileURLWithPath: Hostile.fixture("dataset_size_ffffffff.ds"))),
                "the file is left as it was")
    }
}
