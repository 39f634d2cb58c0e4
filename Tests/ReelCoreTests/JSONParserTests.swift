import ReelCore
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValueKeepingMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":[true,false,null],"m":{"s":"x","n":-2.5e3}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["z"]?.intValue == 1)
        #expect(object["a"] == [true, false, nil])
        #expect(value["m"]?["s"]?.stringValue == "x")
        #expect(value["m"]?["n"]?.doubleValue == -2500)
    }

    @Test func decodesEscapesIncludingSurrogatePairs() throws {
        let value = try JSONParser.parse(#""\u00e9\ud83d\ude00\n\"\\\/\t""#)
        #expect(value.stringValue == "é😀\n\"\\/\t")
    }

    @Test func acceptsWhitespaceAroundTokens() throws {
        let value = try JSONParser.parse(" {\t\"a\" : [ 1 , 2 ] }\r\n")
        #expect(value["a"] == [1, 2])
    }

    @Test(arguments: [
        "", "{", "}", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "nul", "tru",
        "{\"a\":1} x", "NaN", "Infinity", "'a'", "{a:1}", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"abc", "[\"a\" \"b\"]", "{\"a\" 1}", "\"\\u12\"",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsControlCharactersAndInvalidUTF8InStrings() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0x01, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x22]) }
        // An overlong encoding of '/' is not UTF-8 either.
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x7B, 0xFF, 0x7D]) }
    }

    @Test func boundsNesting() throws {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(deepest)
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(tooDeep) }
        #expect(error?.reason.contains("nesting") == true)
    }

    @Test func reportsWhereTheProblemIs() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a":1,"b":tru}"#) }
        #expect(error?.offset == 11)
        #expect(error?.description == "invalid literal at byte 12")
    }

    @Test func keepsDuplicateKeysAndReadsTheFirst() throws {
        let object = try #require(try JSONParser.parse(#"{"a":1,"a":2}"#).objectValue)
        #expect(object.count == 2)
        #expect(object["a"]?.intValue == 1)
    }
}
