/// One plotted value, with an optional 95% confidence interval drawn as an error bar.
public struct DataPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var lower: Double?
    public var upper: Double?
    /// Some replication of the point stopped in a deadlock: the point is drawn with a DEADLOCK mark.
    public var deadlocked: Bool

    public init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil, deadlocked: Bool = false) {
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.deadlocked = deadlocked
    }
}

/// How a series is drawn.
public struct SeriesStyle: Sendable, Equatable {
    /// A CSS colour, e.g. `#D55E00`.
    public var color: String
    /// An SVG `stroke-dasharray`, nil for a solid line.
    public var dash: String?
    /// Draw a dot at every point.
    public var markers: Bool

    public init(color: String, dash: String? = nil, markers: Bool = true) {
        self.color = color
        self.dash = dash
        self.markers = markers
    }
}

/// A line on a panel.
public struct Series: Sendable {
    public var label: String
    public var style: SeriesStyle
    public var points: [DataPoint]

    public init(label: String, style: SeriesStyle, points: [DataPoint]) {
        self.label = label
        self.style = style
        self.points = points
    }
}

/// One set of axes with its lines.
public struct Panel: Sendable {
    public var title: String
    public var x: AxisSpec
    public var y: AxisSpec
    public var series: [Series]

    public init(title: String, x: AxisSpec, y: AxisSpec, series: [Series]) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
    }
}

/// An entry of a figure's legend.
public struct LegendEntry: Sendable, Equatable {
    public var label: String
    public var style: SeriesStyle

    public init(label: String, style: SeriesStyle) {
        self.label = label
        self.style = style
    }
}

/// A picture: a title, panels in a grid, one legend for all of them, and notes below (a key to abbreviations, what
/// the DEADLOCK mark means).
public struct Figure: Sendable {
    public var title: String
    public var subtitle: String
    public var panels: [Panel]
    /// Panels per row.
    public var columns: Int
    public var legendTitle: String
    public var legend: [LegendEntry]
    /// Give every panel the same axis ranges (for small multiples that are compared with each other).
    public var sharedAxes: Bool
    /// Lines of text below the panels and the legend.
    public var notes: [String]

    public init(
        title: String, subtitle: String = "", panels: [Panel], columns: Int, legendTitle: String = "",
        legend: [LegendEntry], sharedAxes: Bool = false, notes: [String] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
        self.columns = columns
        self.legendTitle = legendTitle
        self.legend = legend
        self.sharedAxes = sharedAxes
        self.notes = notes
    }
}
