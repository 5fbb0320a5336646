using Microfactory.Network.Routing;

namespace Microfactory.Network.Cells;

/// <summary>A cell as a site registers it.</summary>
public sealed record CellDefinition(
    string? Id,
    IReadOnlyList<string>? Capabilities,
    double? HoursPerDay,
    double? ThroughputFactor,
    double? BacklogLimitHours,
    IReadOnlyList<string>? InstalledDesigns);

public enum CellJobStatus
{
    Queued,
    Running,
}

/// <summary>A job in a cell's queue; finished jobs leave the queue.</summary>
public sealed record CellJob(
    string JobId,
    string OrderId,
    string Design,
    int Quantity,
    double LoadHours,
    CellJobStatus Status,
    int PartsDone,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? StartedAt)
{
    /// <summary>Work hours still to do: the whole load while queued, the undone share once running.</summary>
    public double RemainingHours => Quantity == 0 ? 0 : LoadHours * (Quantity - Math.Min(PartsDone, Quantity)) / Quantity;
}

/// <summary>A cell as the API and its site see it.</summary>
public sealed record CellView(
    string SiteId,
    string Id,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<string> InstalledDesigns,
    double HoursPerDay,
    double ThroughputFactor,
    double BacklogLimitHours,
    CellState State,
    double BacklogHours,
    int QueuedJobs,
    int RunningJobs,
    IReadOnlyList<CellJob> Queue)
{
    /// <summary>Work hours the cell clears per calendar day.</summary>
    public double CapacityHoursPerDay => HoursPerDay * ThroughputFactor;

    public CellSnapshot ToSnapshot() => new(
        Ids.Cell(SiteId, Id), SiteId, Capabilities, InstalledDesigns, ThroughputFactor, HoursPerDay, BacklogHours, BacklogLimitHours, State);
}
