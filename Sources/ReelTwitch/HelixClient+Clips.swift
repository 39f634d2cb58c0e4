import ReelCore

/// Whose clips to page through: a game's or a broadcaster's (Helix ids).
public enum HelixClipScope: Sendable, Equatable {
    case game(id: String)
    case broadcaster(id: String)

    var parameter: (String, String) {
        switch self {
        case .game(let id): ("game_id", id)
        case .broadcaster(let id): ("broadcaster_id", id)
        }
    }
}

/// One page of clips and the cursor of the next (nil: the last page).
public struct HelixClipPage: Sendable {
    public var clips: [JSONValue]
    public var cursor: String?
}

extension HelixClient {
    /// A game's id and name from its name (`helix/games?name=`), or from its id.
    public func game(_ nameOrID: String) throws -> (id: String, name: String) {
        let numeric = !nameOrID.isEmpty && nameOrID.allSatisfy { $0.isASCII && $0.isNumber }
        let answer = try get("games", [(numeric ? "id" : "name", nameOrID)])
        guard let game = answer["data"]?.arrayValue?.first, let id = game["id"]?.stringValue else {
            throw ToolError("no such game on Twitch", at: nameOrID, failure: .missingInput)
        }
        return (id, game["name"]?.stringValue ?? nameOrID)
    }

    /// A broadcaster's id and display name from their login (`helix/users?login=`), or from their id.
    public func broadcaster(_ loginOrID: String) throws -> (id: String, name: String) {
        let numeric = !loginOrID.isEmpty && loginOrID.allSatisfy { $0.isASCII && $0.isNumber }
        let answer = try get("users", [(numeric ? "id" : "login", loginOrID.lowercased())])
        guard let user = answer["data"]?.arrayValue?.first, let id = user["id"]?.stringValue else {
            throw ToolError("no such broadcaster on Twitch", at: loginOrID, failure: .missingInput)
        }
        return (id, user["display_name"]?.stringValue ?? loginOrID)
    }

    /// One page of the top clips of `scope` created between `startedAt` and `endedAt` (RFC 3339;
    /// nil: no bound), at most `first` (1 to 100), after `cursor`.
    public func clips(of scope: HelixClipScope, startedAt: String?, endedAt: String?, first: Int,
                      after cursor: String?) throws -> HelixClipPage {
        var query = [scope.parameter, ("first", String(max(1, min(100, first))))]
        if let startedAt { query.append(("started_at", startedAt)) }
        if let endedAt { query.append(("ended_at", endedAt)) }
        if let cursor { query.append(("after", cursor)) }
        let answer = try get("clips", query)
        guard let clips = answer["data"]?.arrayValue else {
            throw ToolError("an answer without data", at: "helix/clips", failure: .unavailable)
        }
        let next = answer["pagination"]?["cursor"]?.stringValue
        return HelixClipPage(clips: clips, cursor: (next?.isEmpty ?? true) ? nil : next)
    }

    /// Why a Helix clip cannot be a clip record: not an object, no id, or a number out of
    /// range (`duration` 0 to 86400 s, `vod_offset` 0 to 1e9 s, `view_count` a whole number
    /// 0 or more); nil when it can.
    public static func problem(of clip: JSONValue) -> String? {
        guard clip.objectValue != nil else { return "an entry of helix/clips that is not an object" }
        guard let id = clip["id"]?.stringValue, !id.isEmpty else { return "a Helix clip without an id" }
        do {
            _ = try clip["duration"]?.number("duration", in: 0...NumberLimits.plausibleJump, unit: "s")
            _ = try clip["vod_offset"]?.number("vod_offset", in: 0...NumberLimits.seconds, unit: "s")
            _ = try clip["view_count"]?.integer("view_count", in: 0...Int.max)
        } catch {
            return "clip \(id): \(error)"
        }
        return nil
    }

    /// The `clip` record of a Helix clip (reel-records(5)); `game` names its game when known.
    /// Check it with `problem(of:)` first.
    public static func record(of clip: JSONValue, game: String?) -> Record {
        var fields = JSONObject()
        func copy(_ from: String, as name: String) {
            if let value = clip[from], !value.isNull { fields[name] = value }
        }
        copy("id", as: "id")
        copy("url", as: "url")
        copy("broadcaster_name", as: "channel")
        copy("broadcaster_id", as: "broadcaster_id")
        copy("title", as: "title")
        if let game {
            fields["game"] = .string(game)
        }
        copy("game_id", as: "game_id")
        copy("view_count", as: "views")
        copy("created_at", as: "created_at")
        copy("duration", as: "duration")
        copy("thumbnail_url", as: "thumbnail")
        copy("video_id", as: "video_id")
        copy("vod_offset", as: "vod_offset")
        copy("language", as: "language")
        copy("creator_name", as: "creator")
        return Record(type: "clip", fields)
    }
}
