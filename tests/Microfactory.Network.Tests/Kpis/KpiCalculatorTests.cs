using Microfactory.Network.Kpis;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Kpis;

/// <summary>
/// KPIs of a known set of completed orders on a fixed network along the equator, where a degree of longitude is
/// exactly <see cref="Degree"/> km on the haversine sphere, so every figure can be worked out by hand.
/// </summary>
public sealed class KpiCalculatorTests
{
    private const double Degree = GreatCircle.EarthRadiusKm * Math.PI / 180; // 111.19508 km
    private const double Tolerance = 1e-6;

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    // Cities at longitude 0, 2 and 10; sites in the first two; the central reference factory at longitude 5.
    private static readonly Dictionary<string, GeoPoint> Cities = new()
    {
        ["alpha"] = new(0, 0),
        ["beta"] = new(0, 2),
        ["gamma"] = new(0, 10),
    };

    private static readonly Dictionary<string, GeoPoint> Sites = new()
    {
        ["alpha-01"] = new(0, 0),
        ["beta-01"] = new(0, 2),
        ["central"] = new(0, 5),
    };

    private static readonly KpiOptions Options = new()
    {
        Co2GramsPerKm = new() { ["van"] = 250, ["truck"] = 900 },
        DefaultDeliveryMode = "van",
        ReferenceSiteId = "central",
    };

    private static readonly KpiCalculator Calculator = new(id => Sites.TryGetValue(id, out var p) ? p : null, id => Cities.TryGetValue(id, out var p) ? p : null, Options);

    private static OrderSummary Completed(string id, string site, string city, string mode, int good, int scrap, double? energy, bool onTime, int completedHour) =>
        new(id, OrderStatus.Completed, "plate", "plate@1.0.0", good + scrap, city, site, site.Split('-')[0], "cell-1",
            DueAt: T0.AddHours(onTime ? completedHour + 1 : completedHour - 1), CreatedAt: T0, UpdatedAt: T0.AddHours(completedHour), Version: 3)
        {
            Good = good,
            Scrap = scrap,
            EnergyKwh = energy,
            DeliveryMode = mode,
            CompletedAt = T0.AddHours(completedHour),
        };

    private static readonly OrderSummary[] Orders =
    [
        Completed("o1", "alpha-01", "alpha", "van", good: 10, scrap: 0, energy: 5, onTime: true, completedHour: 1),
        Completed("o2", "alpha-01", "beta", "truck", good: 8, scrap: 2, energy: null, onTime: false, completedHour: 2),
        Completed("o3", "beta-01", "gamma", "van", good: 5, scrap: 5, energy: 12, onTime: true, completedHour: 3),
        // Outside the window [T0, T0 + 10 h): not counted.
        Completed("o4", "beta-01", "gamma", "van", good: 99, scrap: 0, energy: 1, onTime: true, completedHour: 10),
        // Not completed: not counted.
        Completed("o5", "beta-01", "alpha", "van", good: 1, scrap: 0, energy: 1, onTime: true, completedHour: 4) with { Status = OrderStatus.Failed },
    ];

    [Fact]
    public void One_order_has_its_distance_co2_energy_and_reference_distance()
    {
        var kpi = Calculator.ForOrder(Orders[1])!;

        Assert.Equal(2 * Degree, kpi.DistanceKm, Tolerance);
        Assert.Equal(2 * Degree * 900, kpi.Co2Grams, Tolerance);
        Assert.Null(kpi.EnergyKwh);
        Assert.False(kpi.OnTime);
        Assert.Equal(3 * Degree, kpi.ReferenceDistanceKm!.Value, Tolerance); // central (lon 5) to beta (lon 2)
    }

    [Fact]
    public void Network_totals_over_a_window_equal_the_hand_computed_values()
    {
        var report = Calculator.Report(Orders, T0, T0.AddHours(10));
        var n = report.Network;

        Assert.Equal(3, n.Orders);
        Assert.Equal(23, n.GoodParts);
        Assert.Equal(7, n.ScrapParts);
        Assert.Equal(7.0 / 30, n.ScrapRate!.Value, Tolerance);
        Assert.Equal(2.0 / 3, n.OnTimeRate!.Value, Tolerance);
        Assert.Equal(10 * Degree, n.DistanceKm, Tolerance); // 0 + 2 + 8 degrees
        Assert.Equal((2 * Degree * 900) + (8 * Degree * 250), n.Co2Grams, Tolerance);
        Assert.Equal(10 * Degree / 23, n.DistanceKmPerPart!.Value, Tolerance);
        Assert.Equal(17, n.EnergyKwh, Tolerance);
        Assert.Equal(2, n.OrdersWithEnergy);
        Assert.Equal(17.0 / 15, n.EnergyKwhPerPart!.Value, Tolerance); // over the good parts of the orders with a reading
    }

    [Fact]
    public void The_reference_site_comparison_says_what_a_central_factory_would_have_driven()
    {
        var n = Calculator.Report(Orders, T0, T0.AddHours(10)).Network;

        // From longitude 5 to alpha (0), beta (2) and gamma (10): 5 + 3 + 5 degrees.
        Assert.Equal(13 * Degree, n.ReferenceDistanceKm!.Value, Tolerance);
        Assert.Equal(3 * Degree, n.DistanceSavedKm!.Value, Tolerance);
        Assert.Equal((5 * Degree * 250) + (3 * Degree * 900) + (5 * Degree * 250), n.ReferenceCo2Grams!.Value, Tolerance);
    }

    [Fact]
    public void Sites_and_delivery_cities_each_get_their_own_totals()
    {
        var report = Calculator.Report(Orders, T0, T0.AddHours(10));

        var alphaSite = Assert.Single(report.Sites, s => s.SiteId == "alpha-01").Totals;
        Assert.Equal(2, alphaSite.Orders);
        Assert.Equal(2 * Degree, alphaSite.DistanceKm, Tolerance);
        Assert.Equal(0.5, alphaSite.OnTimeRate!.Value, Tolerance);
        Assert.Equal(2.0 / 20, alphaSite.ScrapRate!.Value, Tolerance);

        Assert.Equal(["alpha", "beta", "gamma"], report.Cities.Select(c => c.CityId));
        var gamma = report.Cities.Single(c => c.CityId == "gamma").Totals;
        Assert.Equal(8 * Degree, gamma.DistanceKm, Tolerance);
        Assert.Equal(-3 * Degree, gamma.DistanceSavedKm!.Value, Tolerance); // the central factory is nearer to gamma
    }

    [Fact]
    public void A_city_filter_keeps_only_the_orders_delivered_there()
    {
        var report = Calculator.Report(Orders, T0, T0.AddHours(10), city: "beta");

        Assert.Equal(1, report.Network.Orders); // o2
        Assert.Equal("alpha-01", Assert.Single(report.Sites).SiteId);
        Assert.Equal(2 * Degree, report.Network.DistanceKm, Tolerance);
    }

    [Fact]
    public void Without_a_reference_site_there_is_no_comparison()
    {
        var calculator = new KpiCalculator(id => Sites.TryGetValue(id, out var p) ? p : null, id => Cities.TryGetValue(id, out var p) ? p : null,
            new KpiOptions { Co2GramsPerKm = Options.Co2GramsPerKm, DefaultDeliveryMode = "van" });

        var n = calculator.Report(Orders, T0, T0.AddHours(10)).Network;

        Assert.Null(n.ReferenceDistanceKm);
        Assert.Null(n.DistanceSavedKm);
    }
}
