import Foundation
import OmniCore
import OmniStore

/// `serve --record FILE`: every finished request as one anonymised line (`RecordedRequest`:
/// arrival offset, model, format, streaming, token counts, status, latency; no prompt text,
/// no keys), for the simulator to replay. The request path only appends the usage row to a
/// queue; lines are encoded and written off the loops with the usage store's batches.
final class TrafficRecorder: Sendable {
    private let handle: FileHandle
    private let start: Instant
    private let queue = RowQueue<UsageRecord>()

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

    func append(_ row: UsageRecord) {
        queue.append(row)
    }

    /// Writes what was queued (blocking: call it off the event loops).
    func flush() throws {
        let rows = queue.takeAll()
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
        try? flush()
        try? handle.close()
    }
}

struct RecorderError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
