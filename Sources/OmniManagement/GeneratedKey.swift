/// A new gateway key: `sk-omni-` and 128 random bits as 32 hex digits. The randomness is
/// the caller's: the server passes the system's cryptographic generator, tests a seeded one.
enum GeneratedKey {
    static let prefix = "sk-omni-"

    static func make(using random: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = Array(prefix.utf8)
        for _ in 0..<2 {
            let word = random.next()
            for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
