import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on NIO's event loops instead of the cooperative pool.
///
/// Hummingbird's handlers are tasks and AsyncHTTPClient's I/O is on event loops: with two
/// thread pools, every request hops threads several times (handler → upstream → body →
/// response), and on a two-core machine each hop is a futex wake-up. One pool removes those
/// hops (figures in docs/server.md). Call it once, first thing in `main`, before any task.
public enum ConcurrencyOnEventLoops {
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
