/// A JSON object that keeps its members in the order they were read or added.
///
/// Records pass through every tool with the fields it does not know, in their order, so an
/// object is an ordered list of members rather than a dictionary. Objects are small (tens of
/// members), so lookups are linear.
public struct JSONObject: Sendable, Equatable {
    /// One member: a key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object with these members, in this order.
    public init(members: [Member]) {
        self.members = members
    }

    /// The number of members.
    public var count: Int { members.count }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value of the first member with `key`; setting `nil` removes every member with it,
    /// setting a value replaces the first one in place or appends a new member.
    public subscript(key: String) -> JSONValue? {
        get {
            members.first { $0.key == key }?.value
        }
        set {
            guard let newValue else {
                members.removeAll { $0.key == key }
                return
            }
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = newValue
            } else {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member without looking for an existing one (the parser keeps duplicates).
    mutating func append(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// Objects are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else {
            return false
        }
        return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }
}
