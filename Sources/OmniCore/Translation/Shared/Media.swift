/// Data URLs and media types, shared by the codecs that carry images and files as URLs.
enum Media {
    /// `data:<mime>;base64,<data>` → (mime, data); nil for anything else.
    static func parseDataURL(_ url: String) -> (mediaType: String, data: String)? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        guard header.hasSuffix(";base64") else { return nil }
        let mediaType = String(header.dropLast(7))
        return (mediaType.isEmpty ? "application/octet-stream" : mediaType, String(url[url.index(after: comma)...]))
    }

    static func dataURL(mediaType: String, data: String) -> String { "data:\(mediaType);base64,\(data)" }

    /// The media source of an image or file URL: a data URL becomes base64.
    static func source(fromURL url: String) -> IRMedia.Source {
        if let (mediaType, data) = parseDataURL(url) { return .base64(mediaType: mediaType, data: data) }
        return .url(url, mediaType: nil)
    }

    /// The URL form of a media source (data URL for base64).
    static func url(of source: IRMedia.Source) -> String {
        switch source {
        case .base64(let mediaType, let data): return dataURL(mediaType: mediaType, data: data)
        case .url(let url, _): return url
        }
    }

    /// Gemini's `fileData` needs a media type; guess it from the URL's extension.
    static func guessImageType(_ url: String) -> String {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        case "pdf": return "application/pdf"
        default: return "image/jpeg"
        }
    }

    static func isImage(_ mediaType: String) -> Bool { mediaType.hasPrefix("image/") }
}
