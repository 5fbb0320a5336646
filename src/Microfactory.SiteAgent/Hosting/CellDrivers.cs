using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Link;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>The site's cells, one driver each from its family's factory (<c>Agent:Cells:{n}:Driver</c>), built from the validated configuration.</summary>
public sealed class CellDrivers : IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, ICellDriver> _byId;

    public CellDrivers(IOptions<AgentOptions> options, IEnumerable<ICellDriverFactory> factories, JobBook book)
    {
        var byKind = factories.ToDictionary(f => f.Driver, StringComparer.OrdinalIgnoreCase);
        All = [.. options.Value.Cells.Select(cell =>
        {
            var driver = byKind[cell.Driver].Create(cell, options.Value);
            return cell.OperatorGate ? new OperatorGatedCell(driver, book) : driver;
        })];
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

    /// <summary>The driver of a cell as its factory made it (without the agent's operator gate around it), for tests and demos.</summary>
    public T Driver<T>(string cellId)
        where T : ICellDriver
    {
        var driver = Get(cellId);
        return (T)(driver is OperatorGatedCell gated ? gated.Inner : driver);
    }

    // The host's service provider disposes synchronously when its owner does (IHost.Dispose).
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var driver in All)
        {
            await driver.DisposeDriverAsync().ConfigureAwait(false);
        }
    }
}
