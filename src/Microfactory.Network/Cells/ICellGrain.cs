using Orleans;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cells;

/// <summary>One cell (keyed "site/cell"): capabilities, installed designs, machine state and its queue. Called only by its Site.</summary>
[Alias("cell")]
public interface ICellGrain : IGrainWithStringKey
{
    Task<CellView> ConfigureAsync(CellDefinition definition);

    Task<CellView> GetAsync();

    /// <summary>Adds a job to the queue; a job already queued is left as it is.</summary>
    Task<CellView> EnqueueAsync(CellJob job);

    /// <summary>Records progress on a job; finished jobs leave the queue. Unknown jobs are ignored.</summary>
    Task<CellView> UpdateJobAsync(string jobId, CellJobStatus? status, int partsDone, bool finished);

    /// <summary>The machine state and installed designs as the agent reports them.</summary>
    Task<CellView> ReportAsync(CellState state, IReadOnlyList<string>? installedDesigns);
}
