using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;

namespace Microfactory.Orchestrator.Demo;

/// <summary>The simulated network: eight Japanese cities, a few products, sites with mixed cells.</summary>
public static class DemoCatalog
{
    public static readonly IReadOnlyList<(string Id, CityDefinition Definition)> Cities =
    [
        ("osaka", new CityDefinition("Osaka", 34.6937, 135.5023, "JP")),
        ("tokyo", new CityDefinition("Tokyo", 35.6762, 139.6503, "JP")),
        ("nagoya", new CityDefinition("Nagoya", 35.1815, 136.9066, "JP")),
        ("fukuoka", new CityDefinition("Fukuoka", 33.5904, 130.4017, "JP")),
        ("sapporo", new CityDefinition("Sapporo", 43.0618, 141.3545, "JP")),
        ("sendai", new CityDefinition("Sendai", 38.2682, 140.8694, "JP")),
        ("hiroshima", new CityDefinition("Hiroshima", 34.3853, 132.4553, "JP")),
        ("kyoto", new CityDefinition("Kyoto", 35.0116, 135.7681, "JP")),
    ];

    public static readonly IReadOnlyList<(string Product, string Version, DesignDefinition Definition)> Designs =
    [
        ("bracket", "1.0.0", new DesignDefinition(["cnc"], TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30), "machined steel bracket")),
        ("housing", "2.1.0", new DesignDefinition(["additive"], TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(15), "printed sensor housing")),
        ("gearbox", "1.3.0", new DesignDefinition(["assembly"], TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45), "assembled reduction gearbox")),
        ("enclosure", "1.0.0", new DesignDefinition(["cnc", "finishing"], TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(40), "anodised enclosure")),
        ("sensor-mount", "3.0.0", new DesignDefinition(["additive", "inspection"], TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(20), "inspected printed mount")),
    ];

    private static readonly IReadOnlyList<string[]> CellMixes =
    [
        ["cnc"], ["cnc", "finishing"], ["additive"], ["additive", "inspection"], ["assembly"], ["assembly", "inspection"],
    ];

    public static string SiteId(string cityId, int number) => $"{cityId}-{number:00}";

    /// <summary>
    /// The demo's designs a cell can make, installed from the start: design bundles reach factories through
    /// rollouts, which the demo does not run, so a factory comes with what it can make.
    /// </summary>
    public static IReadOnlyList<string> DesignsFor(IReadOnlyCollection<string> capabilities) =>
        Designs.Where(d => d.Definition.Capabilities!.All(capabilities.Contains)).Select(d => $"{d.Product}@{d.Version}").ToList();

    /// <summary>Site <paramref name="index"/> of a city: a few cells with capabilities that vary by site, deterministic.</summary>
    public static IReadOnlyList<CellDefinition> CellsFor(int siteNumber, Random random)
    {
        var count = 3 + (siteNumber % 2);
        return Enumerable.Range(0, count).Select(i =>
        {
            var mix = CellMixes[(siteNumber + i * 2) % CellMixes.Count];
            return new CellDefinition($"cell-{i + 1}", mix, 16, Math.Round(0.8 + random.NextDouble() * 0.6, 2), 60, DesignsFor(mix));
        }).ToList();
    }
}
