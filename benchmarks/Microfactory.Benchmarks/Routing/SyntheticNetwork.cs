using Microfactory.Network.Routing;

namespace Microfactory.Benchmarks.Routing;

/// <summary>
/// A seeded, repeatable network and order stream shaped like the real one: sites clustered around cities,
/// four cells each with two or three of five capabilities, a few designs installed per cell, some sites
/// draining or offline and some cells down, and orders needing one or two capabilities.
/// </summary>
public static class SyntheticNetwork
{
    public static readonly DateTimeOffset Now = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Capabilities = ["cnc", "additive", "assembly", "finishing", "inspection"];

    public static RoutingIndex Build(int siteCount, int cellsPerSite, int seed, out DeliveryLocation[] cities)
    {
        var random = new Random(seed);
        cities = [.. Enumerable.Range(0, Math.Max(10, siteCount / 10)).Select(i =>
            new DeliveryLocation($"city-{i:D3}", new GeoPoint(25 + (random.NextDouble() * 25), 100 + (random.NextDouble() * 45))))];
        var index = new RoutingIndex();
        for (var s = 0; s < siteCount; s++)
        {
            var city = cities[s % cities.Length];
            var siteId = $"site-{s:D4}";
            var location = new GeoPoint(
                city.Location.Latitude + ((random.NextDouble() - 0.5) * 0.6),
                city.Location.Longitude + ((random.NextDouble() - 0.5) * 0.6));
            var roll = random.NextDouble();
            var status = roll < 0.05 ? SiteStatus.Offline : roll < 0.10 ? SiteStatus.Draining : SiteStatus.Online;
            // An offline site is one whose agent went away: disconnected too.
            index.UpsertSite(new SiteSnapshot(siteId, city.CityId, location, status, Connected: status != SiteStatus.Offline));
            for (var c = 0; c < cellsPerSite; c++)
            {
                index.UpsertCell(new CellSnapshot(
                    CellId: $"{siteId}/cell-{c}",
                    SiteId: siteId,
                    Capabilities: [.. Capabilities.OrderBy(_ => random.Next()).Take(2 + random.Next(2))],
                    InstalledDesigns: [.. Enumerable.Range(0, 3 + random.Next(4)).Select(_ => Design(random.Next(30)))],
                    ThroughputFactor: 0.8 + (random.NextDouble() * 0.7),
                    HoursPerDay: random.Next(2) == 0 ? 16 : 24,
                    BacklogHours: random.NextDouble() * 40,
                    BacklogLimitHours: 80,
                    State: random.NextDouble() < 0.05 ? CellState.Down : CellState.Idle));
            }
        }

        return index;
    }

    public static RoutingRequest[] Orders(int count, DeliveryLocation[] cities, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new RoutingRequest(
            OrderId: $"order-{i:D6}",
            RequiredCapabilities: [.. Capabilities.OrderBy(_ => random.Next()).Take(1 + random.Next(2))],
            Design: Design(random.Next(30)),
            DesignInstallable: random.Next(2) == 0,
            ChangeoverHours: 2,
            WorkHours: 0.5 + (random.NextDouble() * 7.5),
            DueAt: Now.AddHours(24 + random.Next(96)),
            Now: Now,
            Delivery: cities[random.Next(cities.Length)],
            Priority: (OrderPriority)(random.Next(4) - 1)))];
    }

    private static string Design(int n) => $"part-{n:D2}@1.{n % 3}.0";
}
