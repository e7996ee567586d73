#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's file descriptor table, grown ahead of need. Linux grows it as descriptors
/// are opened (doubling: 256, 512, 1024…), and in a process with several threads each growth
/// waits for an RCU grace period: the thread accepting the 256th or 512th connection stops
/// for 10–30 ms, and so do the writes queued on its event loop (the gateway: every stream on
/// that loop; the mock: its stamped events). Growing the table once at start keeps that out of
/// serving. The table never shrinks.
enum FileDescriptorTable {
    #if os(Linux)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif

    private static func limit() -> rlimit? {
        var limit = rlimit()
        return getrlimit(resource, &limit) == 0 ? limit : nil
    }

    /// Raises the soft descriptor limit to the hard one: a stream holds two descriptors (client
    /// and upstream), and the common soft default of 1,024 would refuse connections at about
    /// 500 streams.
    static func raiseLimit() {
        guard var limit = limit(), limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Grows the table to hold `count` descriptors (at most the soft `RLIMIT_NOFILE`).
    static func reserve(_ count: Int) {
        guard let limit = limit() else { return }
        let highest = Int32(min(Int(clamping: limit.rlim_cur), count) - 1)
        guard highest > 2 else { return }
        if dup2(2, highest) == highest { close(highest) }
    }
}
