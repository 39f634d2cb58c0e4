import ReelHTTP
import Testing

/// `Retry-After`: a number of seconds or an HTTP date; anything else is ignored (F11, F12: a
/// `nan` made hls-fetch and hook-post wait for ever).
@Suite struct RetryAfterTests {
    let now = 784_111_777.0  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func secondsAndDatesAreRead() {
        #expect(RetryAfter.seconds("120", now: now) == 120)
        #expect(RetryAfter.seconds(" 0 ", now: now) == 0)
        #expect(RetryAfter.seconds("99999999999999999999", now: now) == .infinity, "too long to hold: the caller caps it")
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Sun Nov  6 08:50:37 1994", now: now) == 60)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0, "a date past: now")
    }

    @Test(arguments: ["nan", "NaN", "inf", "-5", "1e300", "1.5", "0x10", "", "soon", "Sun, 32 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func anythingElseIsIgnored(_ value: String) {
        #expect(RetryAfter.seconds(value, now: now) == nil)
    }
}
