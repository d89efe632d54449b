/// An SVG file's text made ready to sit inside an HTML page: without its XML declaration, and with its element IDs
/// prefixed, since IDs are shared by the whole page and two figures may both have a `plot-area-0` clip path.
struct InlineSVG {
    /// The markup to put into the page.
    let markup: String

    /// `svg` is a whole SVG file as ``Plotting`` writes it; `prefix` must be unique in the page.
    init(_ svg: String, idPrefix prefix: String) {
        var text = Substring(svg)
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = text[end.upperBound...].drop { $0 == "\n" || $0 == "\r" }
        }
        markup = String(text)
            .replacingAll(" id=\"", with: " id=\"\(prefix)-")
            .replacingAll("url(#", with: "url(#\(prefix)-")
            .replacingAll("href=\"#", with: "href=\"#\(prefix)-")
    }
}

extension String {
    /// `self` with every `target` replaced; Foundation-free.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
