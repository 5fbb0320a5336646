using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>The site's cells, one driver each, built from the validated configuration.</summary>
public sealed class CellDrivers : IDisposable
{
    private readonly Dictionary<string, ICellDriver> _byId;

    public CellDrivers(IOptions<AgentOptions> options, IEnumerable<ICellDriverFactory> factories)
    {
        var byKind = factories.ToDictionary(f => f.Driver, StringComparer.OrdinalIgnoreCase);
        All = [.. options.Value.Cells.Select(cell => byKind[cell.Driver].Create(cell))];
        _byId = All.ToDictionary(d => d.CellId, StringComparer.Ordinal);
    }

    public IReadOnlyList<ICellDriver> All { get; }

    /// <exception cref="KeyNotFoundException">No cell has that id; the message lists the site's cells.</exception>
    public ICellDriver Get(string cellId) =>
        TryGet(cellId, out var driver)
            ? driver
            : throw new KeyNotFoundException($"This site has no cell '{cellId}'; its cells are: {string.Join(", ", _byId.Keys)}.");

    public bool TryGet(string cellId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ICellDriver? driver) =>
        _byId.TryGetValue(cellId, out driver);

    public void Dispose()
    {
        foreach (var driver in All.OfType<IDisposable>())
        {
            driver.Dispose();
        }
    }
}
