/// A `user` record: one editor of a bin, a line of its `users.ndjson` (clip-review user add
/// writes it; clip-review reads it to check a password). Only the password's hash is kept.
/// reel-records(5), USER.
public struct UserRecord: RecordView, Equatable {
    /// The fields, in the order clip-review writes them.
    public enum Field: String, CaseIterable, Sendable {
        case name, kdf, iterations, salt, hash
    }

    public static let type = "user"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// An editor `name` whose password hashes, by `kdf` with `iterations` and `salt`, to
    /// `hash` (salt and hash in hexadecimal).
    package init(name: String, kdf: String, iterations: Int, salt: String, hash: String) {
        var record = Record(type: Self.type)
        record[Field.name] = .string(name)
        record[Field.kdf] = .string(kdf)
        record[Field.iterations] = JSONValue(iterations)
        record[Field.salt] = .string(salt)
        record[Field.hash] = .string(hash)
        self.record = record
    }

    /// The editor's name, when a string.
    public var name: String? { record[Field.name]?.stringValue }

    /// The key derivation (`pbkdf2-sha256`), when a string.
    public var kdf: String? { record[Field.kdf]?.stringValue }

    /// Its iterations, when a number (not checked: the reader bounds it).
    public var iterations: Double? { record[Field.iterations]?.doubleValue }

    /// The salt in hexadecimal, when a string.
    public var salt: String? { record[Field.salt]?.stringValue }

    /// The password's hash in hexadecimal, when a string.
    public var hash: String? { record[Field.hash]?.stringValue }
}
