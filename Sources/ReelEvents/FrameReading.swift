import ReelCore
import ReelProfile

/// What one annotated frame record says: its time, its regions' texts and its kill count.
public struct FrameReading {
    public var time: Double
    /// Each region's text with spaces removed (regions skipped or not read are absent).
    public var texts: [String: String]
    /// Each region's text with its words one space apart.
    public var spacedTexts: [String: String] = [:]
    /// The kill count digit-classify read, nil when it read none (or did not look).
    public var kills: Int?
    /// Whether the HUD's skull was found (nil when skull-find did not look).
    public var skull: Bool?

    public init(time: Double, texts: [String: String] = [:], kills: Int? = nil, skull: Bool? = nil) {
        self.time = time
        self.texts = texts
        self.kills = kills
        self.skull = skull
    }

    /// The reading of a `frame` record, nil for other records or a frame without a time.
    ///
    /// - Throws: `NumberRangeError` for a time that is not a number of seconds from -1e9 to
    ///   1e9 (`NumberLimits.seconds`).
    public init?(record: Record) throws(NumberRangeError) {
        guard record.type == "frame", let time = try record.seconds("t") else { return nil }
        self.time = time
        texts = [:]
        for member in record["ocr"]?.objectValue ?? JSONObject() {
            if let text = member.value["text"]?.stringValue {
                texts[member.key] = text.filter { !$0.isWhitespace }
                spacedTexts[member.key] = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
        }
        let frame = FrameRecord(unchecked: record)
        kills = frame.killCount
        switch frame.icon {
        case .absent: skull = nil
        case .notFound: skull = false
        case .found, .outOfRange: skull = true
        }
    }
}

/// A profile's patterns, compiled.
struct Patterns {
    private var compiled: [String: (region: String, regex: Regex<AnyRegexOutput>, spaced: Bool)] = [:]
    /// The patterns that are a plain word of six letters or digits or more (SELECTLEGEND,
    /// SPECTATING, REPLAY): also seen in a text that reads them with a few characters wrong.
    private var literals: [String: [Character]] = [:]
    /// The word of five letters or more a pattern with more to it begins with (PLACED of
    /// `PLACED#?(\d{1,2})OF20`): a text that reads it with a character in five wrong is taken
    /// with the word put right, the rest of the pattern as strict as written.
    private var prefixes: [String: [Character]] = [:]

    init(_ profile: Profile) {
        for (name, pattern) in profile.patterns {
            if let regex = try? Regex(pattern.regex) {
                compiled[name] = (pattern.region, regex, pattern.spaced ?? false)
            }
            if pattern.regex.count >= 6, pattern.regex.allSatisfy({ $0.isLetter || $0.isNumber }) {
                literals[name] = Array(pattern.regex)
            } else if let prefix = Self.leadingWord(of: pattern.regex), prefix.count >= 5 {
                prefixes[name] = prefix
            }
        }
    }

    /// The letters a regular expression begins with, up to its first other character; a letter a
    /// quantifier follows (`S?`) is not part of it.
    static func leadingWord(of regex: String) -> [Character]? {
        let characters = Array(regex)
        var end = 0
        while end < characters.count, characters[end].isLetter, characters[end].isASCII { end += 1 }
        if end < characters.count, "?*+{".contains(characters[end]) { end -= 1 }
        return end > 0 ? Array(characters[0..<end]) : nil
    }

    /// Whether the pattern's text is in its region of `reading`.
    func sees(_ name: String, in reading: FrameReading) -> Bool {
        groups(name, in: reading) != nil
    }

    /// The pattern's capture groups in its region of `reading` (empty when it has none), or nil
    /// when the text is not there.
    func groups(_ name: String, in reading: FrameReading) -> [String]? {
        guard let pattern = compiled[name],
              let text = pattern.spaced ? reading.spacedTexts[pattern.region] ?? reading.texts[pattern.region] : reading.texts[pattern.region]
        else { return nil }
        if let match = try? pattern.regex.firstMatch(in: text) {
            return (1..<max(1, match.output.count)).compactMap { match.output[$0].substring.map(String.init) }
        }
        if let prefix = prefixes[name], let mended = Self.mending(prefix, in: text, atMost: prefix.count / 5),
           let match = try? pattern.regex.firstMatch(in: mended) {
            // PLAGED#7OF20: the word put right, the number as read.
            return (1..<max(1, match.output.count)).compactMap { match.output[$0].substring.map(String.init) }
        }
        // A word read with a character in five wrong, missing or extra (SPEGTATING).
        guard let literal = literals[name], Self.distance(of: literal, within: Array(text), atMost: literal.count / 5) else {
            return nil
        }
        return []
    }

    /// `text` with its first part that is at most `limit` edits from `word` (and not `word`
    /// itself) replaced by `word`, or nil when it has none. Texts are a line of a region: the
    /// parts tried are the word's length and one more or less, at every place.
    static func mending(_ word: [Character], in text: String, atMost limit: Int) -> String? {
        guard limit > 0, !word.isEmpty else { return nil }
        let characters = Array(text)
        guard characters.count <= 4096 else { return nil }
        for start in characters.indices {
            for length in [word.count, word.count - 1, word.count + 1] where length > 0 && start + length <= characters.count {
                let part = Array(characters[start..<(start + length)])
                guard part != word, editDistance(part, word) <= limit else { continue }
                return String(characters[..<start]) + String(word) + String(characters[(start + length)...])
            }
        }
        return nil
    }

    /// The edits (a character changed, left out or added) between two short words.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j] + (x == y ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Whether some part of `text` is at most `limit` edits (a character changed, left out or
    /// added) from `word`: Sellers' dynamic programme, any start in the text free. Its cost is
    /// the word's length times the text's (texts are a line of a region).
    static func distance(of word: [Character], within text: [Character], atMost limit: Int) -> Bool {
        guard !word.isEmpty else { return true }
        guard text.count <= 4096 else { return false }
        // column[i]: the fewest edits making word[0..<i] end at the current text position.
        var column = Array(0...word.count)
        if column[word.count] <= limit { return true }
        for character in text {
            var diagonal = column[0]
            column[0] = 0
            for i in 1...word.count {
                let above = column[i]
                column[i] = min(diagonal + (word[i - 1] == character ? 0 : 1), above + 1, column[i - 1] + 1)
                diagonal = above
            }
            if column[word.count] <= limit { return true }
        }
        return false
    }
}

/// Recent readings of a value; a value is believed when read in `count` of the last `of`.
struct Votes<Value: Hashable> {
    let count: Int
    let window: Int
    private(set) var recent: [(time: Double, value: Value?)] = []

    init(_ window: Profile.Window) {
        count = window.count
        self.window = window.of
    }

    mutating func add(_ value: Value?, at time: Double) {
        recent.append((time, value))
        if recent.count > window {
            recent.removeFirst(recent.count - window)
        }
    }

    mutating func clear() {
        recent = []
    }

    /// The believed value with the time it was first read in the window, the latest such one
    /// when several qualify and `accept` allows them.
    func believed(where accept: (Value) -> Bool = { _ in true }) -> (value: Value, since: Double)? {
        var tallies: [Value: (count: Int, first: Double)] = [:]
        for entry in recent {
            guard let value = entry.value else { continue }
            let tally = tallies[value] ?? (0, entry.time)
            tallies[value] = (tally.count + 1, tally.first)
        }
        return tallies.filter { $0.value.count >= count && accept($0.key) }
            .max { $0.value.first < $1.value.first }
            .map { ($0.key, $0.value.first) }
    }

    /// How many of the recent readings are `value`.
    func tally(_ value: Value) -> Int {
        recent.filter { $0.value == value }.count
    }
}

/// Presence of a text in recent frames: seen when in `count` of the last `of`.
struct Sightings {
    private var votes: Votes<Bool>
    /// The first sighting of the latest run: sightings with fewer than a window's frames unseen
    /// between them (SPECTATING read at 182 s, misread at 184 and 186, read again at 188 and
    /// 190: confirmed at 190 with 188 in its window, but first seen at 182).
    private(set) var runStart: Double?
    private var unseen = 0

    init(_ window: Profile.Window) {
        votes = Votes(window)
    }

    mutating func add(_ seen: Bool, at time: Double) {
        votes.add(seen, at: time)
        if seen {
            if runStart == nil { runStart = time }
            unseen = 0
        } else {
            unseen += 1
            if unseen >= votes.window { runStart = nil }
        }
    }

    /// Seen often enough lately: with the time of the first sighting in the window.
    var confirmed: Double? {
        votes.believed { $0 }?.since
    }

    /// Not seen in the last `count` frames.
    var gone: Bool {
        votes.recent.suffix(votes.count).allSatisfy { $0.value == false } && votes.recent.count >= votes.count
    }

    mutating func clear() {
        votes.clear()
        runStart = nil
        unseen = 0
    }
}
