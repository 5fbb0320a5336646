using Microfactory.Network.Planning;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Planning;

/// <summary>Shape of a generated network. The first <see cref="SurgeCities"/> cities get <see cref="SurgeFactor"/> times the orders per site.</summary>
public sealed record GeneratorSettings(int Sites, int Cities, int Orders, int Seed)
{
    public double SurgeFactor { get; init; } = 3.0;

    public int SurgeCities { get; init; } = 1;

    /// <summary>
    /// Cities are spread over a square of this many degrees (1 degree of latitude is about 111 km). By default the
    /// square grows with the number of cities so that city density stays that of 20 cities in 8 degrees.
    /// </summary>
    public double? RegionDegrees { get; init; }

    /// <summary>Network-wide backlog over one day's capacity the generator aims at.</summary>
    public double MeanUtilisation { get; init; } = 0.6;

    public int MinCellsPerSite { get; init; } = 2;

    public int MaxCellsPerSite { get; init; } = 4;

    /// <summary>Share of orders delivered to their own site's city; the rest go to a random city.</summary>
    public double LocalDeliveryShare { get; init; } = 0.85;
}

/// <summary>
/// Seeded random networks for tests and the benchmark: same settings, same snapshot. Cities lie in a square region,
/// sites within about 20 km of their city, orders sized so the network averages <see cref="GeneratorSettings.MeanUtilisation"/>.
/// </summary>
public static class NetworkGenerator
{
    public static readonly DateTimeOffset Now = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    private static readonly string[] Capabilities = ["cnc", "additive", "assembly", "finishing", "inspection"];

    private const int DesignPool = 20;

    public static NetworkSnapshot Generate(GeneratorSettings settings)
    {
        var rng = new Random(settings.Seed);
        var region = settings.RegionDegrees ?? 8.0 * Math.Sqrt(settings.Cities / 20.0);
        var cities = Enumerable.Range(0, settings.Cities)
            .Select(i => (Id: $"city-{i:000}", Point: new GeoPoint(34 + (rng.NextDouble() * region), 132 + (rng.NextDouble() * region))))
            .ToArray();

        var sites = new List<PlanningSite>(settings.Sites);
        var weights = new double[settings.Sites];
        double capacity = 0;
        for (var i = 0; i < settings.Sites; i++)
        {
            var city = i % settings.Cities;
            var cells = new List<PlanningCell>();
            var cellCount = rng.Next(settings.MinCellsPerSite, settings.MaxCellsPerSite + 1);
            for (var c = 0; c < cellCount; c++)
            {
                var cell = new PlanningCell(
                    $"cell-{c}",
                    Pick(rng, Capabilities, 2),
                    Pick(rng, Enumerable.Range(0, DesignPool).Select(Design).ToArray(), 4),
                    HoursPerDay: new[] { 16.0, 20.0, 24.0 }[rng.Next(3)],
                    ThroughputFactor: 0.8 + (rng.NextDouble() * 0.6),
                    RunningBacklogHours: rng.NextDouble() * 2);
                capacity += cell.HoursPerDay * cell.ThroughputFactor;
                cells.Add(cell);
            }

            var near = cities[city].Point;
            var location = new GeoPoint(near.Latitude + ((rng.NextDouble() - 0.5) * 0.3), near.Longitude + ((rng.NextDouble() - 0.5) * 0.3));
            sites.Add(new PlanningSite($"site-{i:0000}", cities[city].Id, location, SiteStatus.Online, Connected: true, cells));
            weights[i] = cellCount * (city < settings.SurgeCities ? settings.SurgeFactor : 1.0);
        }

        var cumulative = new double[weights.Length];
        double total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        var meanWork = capacity * settings.MeanUtilisation / Math.Max(1, settings.Orders);
        var orders = new List<QueuedOrder>(settings.Orders);
        for (var n = 0; n < settings.Orders; n++)
        {
            var siteIndex = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            siteIndex = siteIndex < 0 ? ~siteIndex : siteIndex;
            var site = sites[Math.Min(siteIndex, sites.Count - 1)];
            var cell = site.Cells[rng.Next(site.Cells.Count)];
            var required = rng.NextDouble() < 0.8 ? new[] { cell.Capabilities.First() } : cell.Capabilities.ToArray();
            var design = rng.NextDouble() < 0.7 ? cell.InstalledDesigns.ElementAt(rng.Next(cell.InstalledDesigns.Count)) : Design(rng.Next(DesignPool));
            var deliveryCity = rng.NextDouble() < settings.LocalDeliveryShare
                ? cities.First(c => c.Id == site.CityId)
                : cities[rng.Next(cities.Length)];
            orders.Add(new QueuedOrder(
                $"order-{n:000000}",
                site.SiteId,
                cell.CellId,
                required,
                design,
                WorkHours: meanWork * (0.5 + rng.NextDouble()),
                ChangeoverHours: meanWork * 0.5 * rng.NextDouble(),
                DueAt: Now.AddHours(6 + (rng.NextDouble() * 54)),
                Priority: (OrderPriority)rng.Next(-1, 3),
                Delivery: new DeliveryLocation(deliveryCity.Id, deliveryCity.Point)));
        }

        return new NetworkSnapshot(Now, sites, orders);
    }

    private static string Design(int k) => $"design-{k:00}@1.0.0";

    private static string[] Pick(Random rng, string[] from, int count) =>
        [.. from.OrderBy(_ => rng.Next()).Take(count).Order(StringComparer.Ordinal)];
}
