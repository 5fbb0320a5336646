using Orleans;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cells;

/// <summary>
/// One cell's machine (keyed "site/cell"): its configuration, the state its agent reports and its installed designs.
/// Called only by its Site, which keeps the cell's queue with the rest of the site's work.
/// </summary>
[Alias("cell")]
public interface ICellGrain : IGrainWithStringKey
{
    Task<CellView> ConfigureAsync(CellDefinition definition);

    Task<CellView> GetAsync();

    /// <summary>The machine state and installed designs as the agent reports them.</summary>
    Task<CellView> ReportAsync(CellState state, IReadOnlyList<string>? installedDesigns);

    /// <summary>Adds an entry to the cell's maintenance log, numbering it; returns it as stored.</summary>
    Task<MaintenanceLogEntry> AppendLogAsync(MaintenanceLogEntry entry);

    /// <summary>The cell's maintenance log, oldest first.</summary>
    Task<IReadOnlyList<MaintenanceLogEntry>> MaintenanceLogAsync();
}
