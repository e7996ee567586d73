import Foundation
import OmniCore
import OmniStore

/// `serve --record FILE`: every finished request as one anonymised line (`RecordedRequest`:
/// arrival offset, model, format, streaming, token counts, status, latency; no prompt text,
/// no keys), for the simulator to replay. Lines are encoded and written off the loops, from
/// the rows the usage store gets (`GatewayMetrics.takeCounted`).
final class TrafficRecorder: Sendable {
    private let handle: FileHandle
    private let start: Instant

    /// Creates (or truncates) `path` and writes the header line.
    init(path: String, start: Instant) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data((RecordedRequest.headerLine + "\n").utf8)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw RecorderError(message: "cannot create the recording file \(path)")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        self.start = start
    }

    /// Writes the rows' lines (blocking: call it off the event loops).
    func write(_ rows: [UsageRecord]) throws {
        guard !rows.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 200)
        for row in rows {
            bytes += RecordedRequest(row, recordingStart: start).jsonLine
            bytes.append(UInt8(ascii: "\n"))
        }
        try handle.write(contentsOf: bytes)
    }

    func close() {
        try? handle.close()
    }
}

struct RecorderError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
