import Foundation
import NIOHTTP1
import OmniCore
@testable import OmniServer
import Testing

/// `POST /v1/embeddings` through the real server to mock-upstream's embeddings.
@Suite(.serialized) struct EmbeddingsEndToEndTests {
    @Test func embeddingsReachAnOpenAIFormatProviderAndComeBackWithTheClientsModel() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let key = [("Authorization", "Bearer sk-omni-test")]

        let reply = try await live.send(.POST, "/v1/embeddings", headers: key,
                                        body: #"{"model":"up-openai/text-embedding-3-small","input":["a b c","d"]}"#)
        #expect(reply.status == 200, "\(reply.body)")
        let json = try JSONParser.parse(Array(reply.body.utf8))
        #expect(json["model"]?.stringValue == "up-openai/text-embedding-3-small")
        #expect(json["data"]?.arrayValue?.count == 2)
        #expect(json["data"]?.arrayValue?.first?["embedding"]?.arrayValue?.count == MockEmbeddings.dimensions)
        #expect(json["usage"]?["prompt_tokens"]?.numberValue?.intValue == 4)

        let dedicated = try await live.send(.POST, "/v1/providers/up-openai/embeddings", headers: key,
                                            body: #"{"model":"text-embedding-3-small","input":"x"}"#)
        #expect(dedicated.status == 200, "\(dedicated.body)")

        let wrongFormat = try await live.send(.POST, "/v1/embeddings", headers: key, body: #"{"model":"up-anthropic/claude-sonnet-4-5","input":"x"}"#)
        #expect(wrongFormat.status == 400, "\(wrongFormat.body)")
        #expect(wrongFormat.body.contains(#""error""#))

        let noInput = try await live.send(.POST, "/v1/embeddings", headers: key, body: #"{"model":"up-openai/text-embedding-3-small"}"#)
        #expect(noInput.status == 400, "\(noInput.body)")
        #expect(noInput.body.contains("input"))

        let wrongMethod = try await live.send(.GET, "/v1/embeddings", headers: key)
        #expect(wrongMethod.status == 405)
    }
}
