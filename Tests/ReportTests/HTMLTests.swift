import Plotting
import Testing

@testable import Report

@Suite("HTML")
struct HTMLTests {
    @Test func escapesMarkupCharactersAndDropsControlCharacters() {
        #expect(MarkupEscaping.escape("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;")
        #expect(MarkupEscaping.escape("tab\tline\nbell\u{07}nul\u{0}c1\u{85}") == "tab\tline\nbellnulc1")
        #expect(MarkupEscaping.escape("µs ± 95% — ✓") == "µs ± 95% — ✓")
    }

    @Test func rendersTextAndAttributesEscapedAndTrustedMarkupAsItIs() {
        let node = HTMLNode.element("p", [("title", "\"><script>")], children: [
            .text("<b>"), .element("br"), .trusted("<svg></svg>"),
        ])
        #expect(node.rendered() == "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;<br><svg></svg></p>\n")
    }

    @Test func inlineSVGDropsTheDeclarationAndPrefixesIDs() {
        let svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg"><clipPath id="plot-area-0"/><g clip-path="url(#plot-area-0)"/>\
            <use href="#plot-area-0"/></svg>
            """
        #expect(InlineSVG(svg, idPrefix: "figure-2").markup == """
            <svg xmlns="http://www.w3.org/2000/svg"><clipPath id="figure-2-plot-area-0"/>\
            <g clip-path="url(#figure-2-plot-area-0)"/><use href="#figure-2-plot-area-0"/></svg>
            """)
    }

    @Test func shellQuotingQuotesOnlyWhatNeedsIt() {
        #expect(ExperimentSection.shellQuoted("--set") == "--set")
        #expect(ExperimentSection.shellQuoted("task.handler.steps[1].kind=io") == "task.handler.steps[1].kind=io")
        #expect(ExperimentSection.shellQuoted("a b") == "'a b'")
        #expect(ExperimentSection.shellQuoted("it's") == "'it'\\''s'")
        #expect(ExperimentSection.shellQuoted("") == "''")
    }
}
