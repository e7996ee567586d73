/// The Okabe–Ito palette (Okabe & Ito, 2008): eight colours that stay
/// distinguishable for the common kinds of colour blindness.
public enum ChartPalette {
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let bluishGreen = "#009E73"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let reddishPurple = "#CC79A7"
    public static let yellow = "#F0E442"
    public static let black = "#000000"

    /// Series colours in the order they are handed out. Yellow is faint on a
    /// white background and black reads as an axis, so both come last.
    public static let series: [String] = [
        blue, vermillion, bluishGreen, orange, skyBlue, reddishPurple, yellow, black,
    ]

    /// The colour of the series at `index`, cycling once the palette runs out.
    public static func color(at index: Int) -> String {
        let count = series.count
        return series[((index % count) + count) % count]
    }

    /// For things the caller did not give a colour, e.g. an unknown state.
    static let unstyled = "#999999"
}
