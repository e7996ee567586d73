/// What listings show instead of a gateway key: its first characters and an ellipsis, so a
/// user can tell keys apart without the listing giving a key away. A third of the key at
/// most and never more than 12 characters: a generated `sk-omni-` key shows its prefix and
/// 4 of its 32 random hex digits; a short hand-made key shows very little.
public enum GatewayKeyMask {
    public static func of(_ gatewayKey: String) -> String {
        let shown = min(12, gatewayKey.count / 3)
        return String(gatewayKey.prefix(shown)) + "…"
    }
}
