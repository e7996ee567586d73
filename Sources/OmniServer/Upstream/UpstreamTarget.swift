/// Where a connection goes: what a pooled connection can be reused for.
struct UpstreamOrigin: Hashable, Sendable {
    var tls: Bool
    var host: String
    var port: Int

    /// The `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String {
        let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// TLS's server name; IP literals carry none (SNI forbids them).
    var serverName: String? {
        host.utf8.contains(UInt8(ascii: ":")) || host.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (48...57).contains($0) }) ? nil : host
    }
}

/// An upstream URL as the engine writes it (`http(s)://host[:port]/path?query`), split once.
struct UpstreamTarget: Sendable {
    var origin: UpstreamOrigin
    /// The request target: path and query, at least "/".
    var path: String

    init?(url: String) {
        let tls: Bool
        var rest: Substring
        if url.hasPrefix("https://") {
            (tls, rest) = (true, url.dropFirst(8))
        } else if url.hasPrefix("http://") {
            (tls, rest) = (false, url.dropFirst(7))
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        // userinfo is not used by any provider; a URL carrying one is refused rather than leaked.
        if authority.utf8.contains(UInt8(ascii: "@")) { return nil }
        var port = tls ? 443 : 80
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            authority = authority[authority.index(after: close)...]
            if authority.hasPrefix(":") {
                guard let value = Int(authority.dropFirst()), (1...65535).contains(value) else { return nil }
                port = value
            } else if !authority.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        origin = UpstreamOrigin(tls: tls, host: String(host), port: port)
        path = rest.isEmpty ? "/" : rest.hasPrefix("?") ? "/" + rest : String(rest)
    }
}
