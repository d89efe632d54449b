/// Word wrapping for messages printed under a table.
enum TextWrapping {
    /// `text` broken at spaces into lines of at most `width` characters, each starting with `indent` (a word too
    /// long for a line gets one alone); every line ends with a newline.
    static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.map { $0 + "\n" }.joined()
    }
}
