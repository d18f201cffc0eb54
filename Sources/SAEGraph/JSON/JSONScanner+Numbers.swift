import Foundation

/// Numbers: one tokenizer following JSON's grammar, and typed reads (`Int`, `Float`
/// correctly rounded, `Double`, `UInt64`).
extension JSONScanner {
    /// A number as read: its significant decimal digits and a power of ten.
    struct NumberToken {
        var negative: Bool
        /// The digits as an integer (only meaningful when `!tooManyDigits`).
        var mantissa: UInt64
        /// Value = ±mantissa × 10^exponent.
        var exponent: Int
        var tooManyDigits: Bool
        /// True when written without fraction or exponent.
        var plainInteger: Bool
        var range: Range<Int>
    }

    mutating func readNumberToken() throws -> NumberToken {
        skipWhitespace()
        let start = position
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var tooMany = false
        var exponent = 0
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw syntaxError("expected a number, found \(describeNext())", at: start)
        }
        let leadingZero = bytes[position] == UInt8(ascii: "0")
        let intStart = position
        while position < bytes.count, isDigit(bytes[position]) {
            let d = UInt64(bytes[position] &- UInt8(ascii: "0"))
            if digits < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { digits += 1 }
            } else {
                tooMany = true
                exponent += 1
            }
            position += 1
        }
        if leadingZero && position - intStart > 1 { throw syntaxError("a number has a leading zero", at: start) }
        var plain = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            plain = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected digits after '.' in a number", at: start)
            }
            while position < bytes.count, isDigit(bytes[position]) {
                let d = UInt64(bytes[position] &- UInt8(ascii: "0"))
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    tooMany = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            plain = false
            position += 1
            var expNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
                expNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected digits in a number's exponent", at: start)
            }
            var e = 0
            while position < bytes.count, isDigit(bytes[position]) {
                if e < 100_000 { e = e * 10 + Int(bytes[position] &- UInt8(ascii: "0")) }
                position += 1
            }
            exponent += expNegative ? -e : e
        }
        return NumberToken(
            negative: negative, mantissa: mantissa, exponent: exponent, tooManyDigits: tooMany,
            plainInteger: plain, range: start..<position)
    }

    /// Reads an integer. `6` and `6.0` are accepted; `6.5`, `1e400` are not.
    /// - Parameter what: what the number is, for the error message.
    mutating func readInt(_ what: @autoclosure () -> String) throws -> Int {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be an integer, found \(describeNext())") }
        let t = try readNumberToken()
        guard let v = integer(t) else {
            throw error("\(what()) must be an integer, found \(text(t.range))", at: t.range.lowerBound)
        }
        return v
    }

    /// The token's value when it is a whole number below 9e15 in magnitude (`6`, `6.0`,
    /// `6e2`), else nil.
    func integer(_ t: NumberToken) -> Int? {
        if t.plainInteger && !t.tooManyDigits && t.mantissa <= UInt64(Int.max) {
            return t.negative ? -Int(t.mantissa) : Int(t.mantissa)
        }
        let d = double(t)
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    /// Reads a number as the `Float` nearest to its decimal value.
    /// - Throws: when the value is not a number or lies outside `Float`'s finite range.
    mutating func readFloat(_ what: @autoclosure () -> String) throws -> Float {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be a number, found \(describeNext())") }
        let t = try readNumberToken()
        let f = float(t)
        guard f.isFinite else {
            throw error("\(what()) \(text(t.range)) is outside the range of a 32-bit float", at: t.range.lowerBound)
        }
        return f
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Correctly rounded: mantissa and 10^|e| are exact doubles, so one multiplication or
    /// division rounds once; converting that double to Float rounds correctly unless it lies
    /// exactly halfway between two floats (or outside the normal range), which falls back to
    /// `strtof`.
    func float(_ t: NumberToken) -> Float {
        if t.mantissa == 0 && !t.tooManyDigits { return t.negative ? -0.0 : 0.0 }
        if !t.tooManyDigits, t.mantissa < (1 << 53), t.exponent >= -22, t.exponent <= 22 {
            var q = Double(t.mantissa)
            q = t.exponent < 0 ? q / Self.powersOfTen[-t.exponent] : q * Self.powersOfTen[t.exponent]
            let bits = q.bitPattern & 0x1FFF_FFFF
            if bits != 0x1000_0000, q >= Double(Float.leastNormalMagnitude), q <= Double(Float.greatestFiniteMagnitude)
            {
                let f = Float(q)
                return t.negative ? -f : f
            }
        }
        return withCString(t.range) { strtof($0, nil) }
    }

    /// Correctly rounded: a mantissa below 2^53 and 10^|e| for |e| ≤ 22 are exact doubles, so
    /// one multiplication or division rounds once (Clinger's fast path); `strtod` otherwise.
    func double(_ t: NumberToken) -> Double {
        if !t.tooManyDigits, t.mantissa < (1 << 53), t.exponent >= -22, t.exponent <= 22 {
            var q = Double(t.mantissa)
            q = t.exponent < 0 ? q / Self.powersOfTen[-t.exponent] : q * Self.powersOfTen[t.exponent]
            return t.negative ? -q : q
        }
        return withCString(t.range) { strtod($0, nil) }
    }

    private func withCString<R>(_ range: Range<Int>, _ body: (UnsafePointer<CChar>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { buffer in
            for (k, i) in range.enumerated() { buffer[k] = CChar(bitPattern: bytes[i]) }
            buffer[range.count] = 0
            return body(UnsafePointer(buffer.baseAddress!))
        }
    }

    /// Reads a number as the `Double` nearest to its decimal value.
    /// - Throws: when the value is not a number.
    mutating func readDouble(_ what: @autoclosure () -> String) throws -> Double {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be a number, found \(describeNext())") }
        return double(try readNumberToken())
    }

    /// Reads a non-negative integer up to `UInt64.max` written without fraction or exponent.
    /// - Throws: for anything else.
    mutating func readUInt64(_ what: @autoclosure () -> String) throws -> UInt64 {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be an integer, found \(describeNext())") }
        let t = try readNumberToken()
        guard t.plainInteger, !t.negative, let v = UInt64(text(t.range)) else {
            throw error(
                "\(what()) must be an integer in 0...\(UInt64.max), found \(text(t.range))", at: t.range.lowerBound)
        }
        return v
    }
}
