import Foundation
@testable import ReelProfile
import Testing

/// A region's lines are read only when they show as many character shapes as its texts need:
/// a third of the shortest text its patterns match (`Profile.leastCharacters(in:)`).
@Suite struct LeastCharactersTests {
    @Test func shortestMatchesOfPatterns() {
        #expect(ShortestMatch.length(of: "SELECTLEGEND") == 12)
        #expect(ShortestMatch.length(of: #"PLACED#?(\d{1,2})[-.:]?OF[-.:]?20"#) == 11)
        #expect(ShortestMatch.length(of: #"(?:^| )(\d{1,2}) ?- ?(\d{1,2})(?= |$)"#) == 3)
        #expect(ShortestMatch.length(of: "(HT|FT)$") == 2)
        #expect(ShortestMatch.length(of: "GO+AL|GOLAZO") == 4)
        #expect(ShortestMatch.length(of: #"(?<team>[A-Z]{3}) \d+"#) == 5)
        #expect(ShortestMatch.length(of: "(?i)goal") == nil)
        #expect(ShortestMatch.length(of: #"(A)\1"#) == nil)
        #expect(ShortestMatch.length(of: "A{99999999999999999999}") == nil)
        #expect(ShortestMatch.length(of: "(AB") == nil)
    }

    @Test func builtInProfilesWaitForTheirTexts() throws {
        let br = try Profile.load("br")
        #expect(br.leastCharacters(in: "select") == 4)
        #expect(br.leastCharacters(in: "spectating") == 4)
        #expect(br.leastCharacters(in: "placed") == 4)
        #expect(br.leastCharacters(in: "hud") == nil)
        let football = try Profile.load("football")
        #expect(football.leastCharacters(in: "banner") == 2)
        #expect(football.leastCharacters(in: "scoreboard") == 2)
    }

    @Test func aRegionsMinCharactersOverridesAndZeroTurnsItOff() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("least-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = #"{"extends": "br", "ocr": {"overrides": {"select": {"min_characters": 7}, "placed": {"min_characters": 0}}}}"#
        try json.write(toFile: folder + "/p.json", atomically: true, encoding: .utf8)
        let profile = try Profile.load(folder + "/p.json")
        #expect(profile.leastCharacters(in: "select") == 7)
        #expect(profile.leastCharacters(in: "placed") == nil)
        #expect(profile.leastCharacters(in: "spectating") == 4)
        try #"{"extends": "br", "ocr": {"overrides": {"select": {"min_characters": 1000}}}}"#
            .write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try Profile.load(folder + "/bad.json") }
    }
}

/// `event-detect --print-profile --stage`: the part of a profile one stage reads.
@Suite struct ProfileStageTests {
    func fields(_ profile: Profile, _ stage: Profile.Stage?) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(profile.json(stage: stage).utf8)) as? [String: Any]
        return Set((object ?? [:]).keys)
    }

    @Test func eachStageGetsItsOwnFields() throws {
        let br = try Profile.load("br")
        #expect(try fields(br, .sample) == ["kind", "name", "crops", "sampling"])
        #expect(try fields(br, .read) == ["kind", "name", "crops", "ocr", "patterns", "counter"])
        #expect(try fields(br, .detect) == ["kind", "name", "patterns", "counter", "confirm", "timings", "clips"])
        #expect(try fields(br, nil).isSuperset(of: ["crops", "sampling", "ocr", "patterns", "confirm", "timings", "clips"]))
        // Football has no counter: none is written (not null).
        #expect(try !fields(Profile.load("football"), .read).contains("counter"))
        // What a stage reads, read back as the whole profile gives, field by field.
        let part = try JSONSerialization.jsonObject(with: Data(br.json(stage: .sample).utf8)) as? [String: Any]
        let whole = try JSONSerialization.jsonObject(with: Data(br.json.utf8)) as? [String: Any]
        #expect((part?["crops"] as? [String: String]) == (whole?["crops"] as? [String: String]))
    }
}
