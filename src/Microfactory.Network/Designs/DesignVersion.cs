namespace Microfactory.Network.Designs;

/// <summary>
/// What routing and the sites need to know about one version of a product's design. The bundle itself
/// (CAD, G-code, work instructions) is stored by SHA-256 once uploaded.
/// </summary>
public sealed record DesignVersion(
    string Product,
    string Version,
    IReadOnlyList<string> Capabilities,
    TimeSpan CycleTimePerPart,
    TimeSpan Changeover,
    string? Notes,
    DateTimeOffset RegisteredAt)
{
    /// <summary>The routing and installed-design form, <c>product@version</c>.</summary>
    public string Key => $"{Product}@{Version}";

    /// <summary>SHA-256 (lowercase hex) of the uploaded bundle; null until one is uploaded. Also its artifact id.</summary>
    public string? BundleSha256 { get; init; }

    /// <summary>Size of the uploaded bundle in bytes; null until one is uploaded.</summary>
    public long? BundleSize { get; init; }

    public double WorkHours(int quantity) => CycleTimePerPart.TotalHours * quantity;
}
