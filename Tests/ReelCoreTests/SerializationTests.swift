import ReelCore
import Testing

@Suite struct SerializationTests {
    @Test func compactTextRoundTripsByteForByte() throws {
        let text = #"{"type":"frame","t":1.50,"big":1e3,"neg":-0,"s":"é ☠","a":[],"o":{}}"#
        let value = try JSONParser.parse(text)
        #expect(String(decoding: value.serialized(), as: UTF8.self) == text)
    }

    @Test func escapesWhatJSONRequires() {
        let value: JSONValue = .string("a\"b\\c\n\r\t\u{01}\u{1F}/é")
        #expect(value.description == #""a\"b\\c\n\r\t\u0001\u001f/é""#)
    }

    @Test func doublesUseShortestRoundTripLiterals() {
        #expect(JSONValue(812.0).description == "812.0")
        #expect(JSONValue(0.1).description == "0.1")
        #expect(JSONValue(-3.25).description == "-3.25")
        #expect(JSONValue(1e-7).description == "1e-07")
        #expect(JSONValue(Double.nan) == .null)
        #expect(JSONValue(Double.infinity) == .null)
        #expect(JSONValue(42).description == "42")
    }

    @Test func numbersCompareByValue() {
        #expect(JSONNumber(1) == JSONNumber(1.0))
        #expect(JSONValue(3).intValue == 3)
        #expect(JSONValue(3.0).intValue == 3)
        #expect(JSONValue(3.5).intValue == nil)
    }

    @Test func objectsCompareWithoutRegardToOrder() {
        let a: JSONValue = ["x": 1, "y": 2]
        let b: JSONValue = ["y": 2, "x": 1]
        #expect(a == b)
        #expect(a.description == #"{"x":1,"y":2}"#)
    }
}
