import ReelCore

/// Where an interrupted run of clip-find stopped: its query, time window, cursor and count.
struct PagingState {
    var asked: String
    var startedAt: String?
    var endedAt: String?
    var cursor: String?
    var emitted = 0

    static func load(_ path: String) -> PagingState? {
        guard let bytes = try? AtomicFile.read(path, limit: 1 << 16), let json = try? JSONParser.parse(bytes),
              let asked = json["asked"]?.stringValue else { return nil }
        return PagingState(asked: asked, startedAt: json["started_at"]?.stringValue, endedAt: json["ended_at"]?.stringValue,
                           cursor: json["cursor"]?.stringValue,
                           emitted: (try? json["emitted"]?.integer("emitted", in: 0...Int(Int32.max))) ?? 0)
    }

    func save(_ path: String) throws {
        var object: JSONObject = ["asked": .string(asked), "emitted": JSONValue(emitted)]
        if let startedAt { object["started_at"] = .string(startedAt) }
        if let endedAt { object["ended_at"] = .string(endedAt) }
        if let cursor { object["cursor"] = .string(cursor) }
        try AtomicFile.write(JSONValue.object(object).serialized() + [10], to: path)
    }
}
