/// The fewest characters a regular expression of a profile's pattern can match, for the common
/// subset patterns use: literals and escapes, classes, groups, alternation, anchors,
/// look-arounds and quantifiers. Anything else gives nil (no bound is known).
enum ShortestMatch {
    /// The fewest characters `regex` matches, nil when it uses something not understood.
    static func length(of regex: String) -> Int? {
        var parser = Parser(characters: Array(regex))
        guard let length = parser.alternation(), parser.index == parser.characters.count else { return nil }
        return length
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        /// Branches separated by `|`: the shortest.
        mutating func alternation() -> Int? {
            guard var shortest = sequence() else { return nil }
            while index < characters.count, characters[index] == "|" {
                index += 1
                guard let next = sequence() else { return nil }
                shortest = min(shortest, next)
            }
            return shortest
        }

        /// Quantified atoms up to `|`, `)` or the end: their sum.
        mutating func sequence() -> Int? {
            var total = 0
            while index < characters.count, characters[index] != "|", characters[index] != ")" {
                guard let atom = atom(), let least = quantifier() else { return nil }
                let (product, overflow) = atom.multipliedReportingOverflow(by: least)
                guard !overflow else { return nil }
                total += product
                guard total < 1 << 20 else { return nil }
            }
            return total
        }

        /// One atom's shortest match.
        mutating func atom() -> Int? {
            let character = characters[index]
            index += 1
            switch character {
            case "^", "$": return 0
            case "(":
                var zeroWidth = false
                if index < characters.count, characters[index] == "?" {
                    index += 1
                    guard index < characters.count else { return nil }
                    switch characters[index] {
                    case ":": index += 1
                    case "=", "!": index += 1; zeroWidth = true
                    case "<":
                        index += 1
                        guard index < characters.count else { return nil }
                        if characters[index] == "=" || characters[index] == "!" {
                            index += 1
                            zeroWidth = true
                        } else {
                            // A named group: skip the name.
                            while index < characters.count, characters[index] != ">" { index += 1 }
                            guard index < characters.count else { return nil }
                            index += 1
                        }
                    default: return nil
                    }
                }
                guard let inner = alternation(), index < characters.count, characters[index] == ")" else { return nil }
                index += 1
                return zeroWidth ? 0 : inner
            case "[":
                // A class matches one character; skip to its closing bracket.
                if index < characters.count, characters[index] == "^" { index += 1 }
                if index < characters.count, characters[index] == "]" { index += 1 }
                while index < characters.count, characters[index] != "]" {
                    if characters[index] == "\\" { index += 1 }
                    index += 1
                }
                guard index < characters.count else { return nil }
                index += 1
                return 1
            case "\\":
                guard index < characters.count else { return nil }
                let escaped = characters[index]
                index += 1
                if "bBAzZG".contains(escaped) { return 0 }
                if escaped.isNumber { return nil }  // a back-reference
                return 1
            case ")", "*", "+", "?", "{": return nil
            default: return 1
            }
        }

        /// The least repetitions a quantifier after an atom allows (1 when there is none).
        mutating func quantifier() -> Int? {
            guard index < characters.count else { return 1 }
            var least: Int
            switch characters[index] {
            case "?", "*": least = 0; index += 1
            case "+": least = 1; index += 1
            case "{":
                var digits = ""
                var scan = index + 1
                while scan < characters.count, characters[scan].isASCII, characters[scan].isNumber { digits.append(characters[scan]); scan += 1 }
                guard scan < characters.count, !digits.isEmpty, let value = Int(digits), value < 1 << 16 else { return 1 }
                while scan < characters.count, characters[scan] != "}" { scan += 1 }
                guard scan < characters.count else { return nil }
                index = scan + 1
                least = value
            default: return 1
            }
            // A lazy or possessive mark.
            if index < characters.count, characters[index] == "?" || characters[index] == "+" { index += 1 }
            return least
        }
    }
}
