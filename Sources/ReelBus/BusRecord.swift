import ReelCore

/// How records travel on the bus: one NDJSON line's record per message, its message id the
/// digest of the record, so the same record published twice (a publisher run again after a
/// crash, a retry after a lost answer) is stored once.
public enum BusRecord {
    /// The message id of `record`: 32 hex digits of the SHA-256 of its serialized form.
    public static func messageID(_ record: Record) -> String {
        String(SHA256.hex(record.serialized()).prefix(32))
    }

    /// The subject token for a field's value (`--subject-field`): letters, digits, `-` and `_`
    /// kept, anything else `_`, at most 64 characters; nil when nothing is left.
    public static func subjectToken(_ value: String) -> String? {
        let token = String(value.unicodeScalars.prefix(64).map { scalar -> Character in
            let isWord = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            return isWord || scalar == "-" || scalar == "_" ? Character(scalar) : "_"
        })
        return token.isEmpty ? nil : token
    }
}
