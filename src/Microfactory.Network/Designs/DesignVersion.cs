using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>
/// What routing and the sites need to know about one version of a product's design. The bundle itself
/// (CAD, G-code, work instructions) is stored by SHA-256 once uploaded.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record DesignVersion(
    [property: Id(0)] string Product,
    [property: Id(1)] string Version,
    [property: Id(2)] IReadOnlyList<string> Capabilities,
    [property: Id(3)] TimeSpan CycleTimePerPart,
    [property: Id(4)] TimeSpan Changeover,
    [property: Id(5)] string? Notes,
    [property: Id(6)] DateTimeOffset RegisteredAt)
{
    /// <summary>The routing and installed-design form, <c>product@version</c>.</summary>
    public string Key => $"{Product}@{Version}";

    /// <summary>SHA-256 (lowercase hex) of the uploaded bundle; null until one is uploaded. Also its artifact id.</summary>
    [Id(7)]
    public string? BundleSha256 { get; init; }

    /// <summary>Size of the uploaded bundle in bytes; null until one is uploaded.</summary>
    [Id(8)]
    public long? BundleSize { get; init; }

    /// <summary>What each order may vary; empty when every order is the same part.</summary>
    [Id(9)]
    public IReadOnlyList<DesignParameter> Parameters { get; init; } = [];

    /// <summary>Electricity per part (kWh) as the design declares it; null when it declares none.</summary>
    [Id(10)]
    public double? EnergyKwhPerPart { get; init; }

    public double WorkHours(int quantity) => CycleTimePerPart.TotalHours * quantity;
}
