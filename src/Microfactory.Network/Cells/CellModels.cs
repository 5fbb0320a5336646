using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Cells;

/// <summary>A cell as a site registers it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CellDefinition(
    [property: Id(0)] string? Id,
    [property: Id(1)] IReadOnlyList<string>? Capabilities,
    [property: Id(2)] double? HoursPerDay,
    [property: Id(3)] double? ThroughputFactor,
    [property: Id(4)] double? BacklogLimitHours,
    [property: Id(5)] IReadOnlyList<string>? InstalledDesigns);

public enum CellJobStatus
{
    Queued,
    Running,
}

/// <summary>A job in a cell's queue; finished jobs leave the queue.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CellJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string OrderId,
    [property: Id(2)] string Design,
    [property: Id(3)] int Quantity,
    [property: Id(4)] double LoadHours,
    [property: Id(5)] CellJobStatus Status,
    [property: Id(6)] int PartsDone,
    [property: Id(7)] DateTimeOffset EnqueuedAt,
    [property: Id(8)] DateTimeOffset? StartedAt)
{
    /// <summary>Work hours still to do: the whole load while queued, the undone share once running.</summary>
    /// <summary>What the cell is set up for once this job ran (see <see cref="Sites.JobAssignment.SetupKey"/>); null for jobs from before setups were kept.</summary>
    [Id(9)]
    public string? SetupKey { get; init; }

    public double RemainingHours => Quantity == 0 ? 0 : LoadHours * (Quantity - Math.Min(PartsDone, Quantity)) / Quantity;
}

/// <summary>A cell as the API and its site see it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CellView(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Id,
    [property: Id(2)] IReadOnlyList<string> Capabilities,
    [property: Id(3)] IReadOnlyList<string> InstalledDesigns,
    [property: Id(4)] double HoursPerDay,
    [property: Id(5)] double ThroughputFactor,
    [property: Id(6)] double BacklogLimitHours,
    [property: Id(7)] CellState State,
    [property: Id(8)] double BacklogHours,
    [property: Id(9)] int QueuedJobs,
    [property: Id(10)] int RunningJobs,
    [property: Id(11)] IReadOnlyList<CellJob> Queue)
{
    /// <summary>The planned maintenance window (current, future or just ended), or null for none.</summary>
    [Id(12)]
    public MaintenanceWindow? Maintenance { get; init; }

    /// <summary>The cell's operator gate is closed (as its agent last reported): it waits for a confirmation before its next job.</summary>
    [Id(13)]
    public bool AwaitingOperator { get; init; }

    /// <summary>Whether the agent's last hello listed this cell; null before any hello.</summary>
    [Id(15)]
    public bool? AgentReported { get; init; }

    /// <summary>Work hours the cell clears per calendar day.</summary>
    public double CapacityHoursPerDay => HoursPerDay * ThroughputFactor;

    /// <summary>What the cell is left set up for by the last job queued on it (kept after that job finishes); null when unknown.</summary>
    [Id(14)]
    public string? SetupKey { get; init; }

    public CellSnapshot ToSnapshot() => new(
        Ids.Cell(SiteId, Id), SiteId, Capabilities, InstalledDesigns, ThroughputFactor, HoursPerDay, BacklogHours, BacklogLimitHours, State,
        Maintenance?.From, Maintenance?.Until)
    {
        SetupKey = SetupKey,
    };
}
