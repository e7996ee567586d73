import Testing
@testable import OmniSim

@Suite struct ChartNumberFormatTests {
    @Test(arguments: [
        (12.34, "12.3"), (12.36, "12.4"), (3.0, "3"), (-2.5, "-2.5"), (0.0, "0"), (-0.0, "0"),
        (-0.04, "0"), (-0.06, "-0.1"), (0.06, "0.1"), (1e20, "1000000"), (-1e20, "-1000000"),
        (Double.nan, "0"), (Double.infinity, "0"), (799.99, "800"),
    ])
    func coordinates(value: Double, expected: String) {
        #expect(ChartNumberFormat.coordinate(value) == expected)
    }

    @Test(arguments: [
        (0.0, 0, "0"), (-0.0, 0, "0"), (1500.0, 2, "1.5k"), (1000.0, 2, "1k"), (500.0, 2, "500"),
        (2_000_000.0, 6, "2M"), (2_500_000.0, 5, "2.5M"), (0.25, -2, "0.25"), (0.3, -1, "0.3"),
        (100.0, 1, "100"), (-1500.0, 2, "-1.5k"), (1.5e12, 11, "1.5T"), (3e9, 9, "3G"),
        (1e300, 299, "1e300"), (-2e20, 20, "-2e20"), (0.000_05, -5, "0.00005"), (1e-13, -13, "1e-13"),
    ])
    func tickLabels(value: Double, stepExponent: Int, expected: String) {
        #expect(ChartNumberFormat.tickLabel(value, stepExponent: stepExponent) == expected)
    }

    @Test func scientificRoundsIntoTheNextDecade() {
        #expect(ChartNumberFormat.scientific(1.234e20) == "1.23e20")
        #expect(ChartNumberFormat.scientific(9.999e20) == "1e21")
        #expect(ChartNumberFormat.scientific(-4.5e-7) == "-4.5e-7")
    }

    @Test func powersAndExponentsAgree() {
        for exponent in -30...30 {
            let power = ChartMath.powerOfTen(exponent)
            #expect(ChartMath.decimalExponent(power) == exponent)
            #expect(ChartMath.decimalExponent(power * 9.99) == exponent)
        }
    }
}
