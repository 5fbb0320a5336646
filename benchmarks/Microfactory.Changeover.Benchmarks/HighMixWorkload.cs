using Microfactory.Network.Routing;

namespace Microfactory.Changeover.Benchmarks;

/// <summary>One generated order: a design and a colour (a parameter whose change needs a changeover).</summary>
public sealed record MixOrder(string Id, DateTimeOffset ArrivesAt, string Design, string Colour, double WorkHours, DateTimeOffset DueAt, DeliveryLocation Delivery)
{
    public string Setup => $"{Design};colour={Colour}";
}

/// <summary>
/// A seeded high-mix, low-volume workload: many designs, each in several colours, a few parts per order, on a
/// regional network whose cells all have every design installed, so only setups (design and colour) differ.
/// </summary>
public sealed class HighMixWorkload
{
    public HighMixWorkload(int seed, int sites, int cellsPerSite, int designs, int colours, int orders, double ordersPerHour)
    {
        var random = new Random(seed);
        Cities = [.. Enumerable.Range(0, 4).Select(i => new DeliveryLocation($"city-{i}", new GeoPoint(34.0 + (i * 0.4), 135.0 + (i * 0.5))))];
        Sites = [.. Enumerable.Range(0, sites).Select(i =>
        {
            var city = Cities[i % Cities.Count];
            return new SiteSnapshot($"site-{i:D2}", city.CityId,
                new GeoPoint(city.Location.Latitude + ((random.NextDouble() - 0.5) * 0.3), city.Location.Longitude + ((random.NextDouble() - 0.5) * 0.3)), SiteStatus.Online, Connected: true);
        })];
        Designs = [.. Enumerable.Range(0, designs).Select(d => $"part-{d:D2}@1.0.0")];
        CellsPerSite = cellsPerSite;
        var colourNames = new[] { "red", "blue", "green", "black", "white", "orange" }[..colours];
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var at = start;
        Orders = [.. Enumerable.Range(0, orders).Select(i =>
        {
            at += TimeSpan.FromHours(-Math.Log(1 - random.NextDouble()) / ordersPerHour); // Poisson arrivals
            // Popular designs come up more often (Zipf-like), as in real high-mix demand.
            var design = Designs[(int)(Math.Pow(random.NextDouble(), 2) * Designs.Count)];
            var parts = 1 + random.Next(4);
            return new MixOrder($"order-{i:D5}", at, design, colourNames[random.Next(colours)], parts * 0.5,
                at + TimeSpan.FromHours(24 + random.Next(72)), Cities[random.Next(Cities.Count)]);
        })];
    }

    public IReadOnlyList<DeliveryLocation> Cities { get; }

    public IReadOnlyList<SiteSnapshot> Sites { get; }

    public IReadOnlyList<string> Designs { get; }

    public int CellsPerSite { get; }

    public IReadOnlyList<MixOrder> Orders { get; }
}
