using Orleans;

namespace Microfactory.Network.Cells;

/// <summary>
/// A planned maintenance window on a cell: from <see cref="From"/> (inclusive) to <see cref="Until"/> (exclusive) routing
/// sends the cell no new work and its site refuses jobs for it; running work finishes, queued work stays.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record MaintenanceWindow(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset Until,
    [property: Id(2)] string Reason,
    [property: Id(3)] string SetBy,
    [property: Id(4)] DateTimeOffset SetAt)
{
    public bool Covers(DateTimeOffset at) => at >= From && at < Until;
}

public enum MaintenanceLogKind
{
    /// <summary>Work done on the machine (an inspection, a repair, parts replaced).</summary>
    Work,

    /// <summary>A maintenance window was planned (set or replaced).</summary>
    WindowPlanned,

    /// <summary>A maintenance window was cleared before or after it ended.</summary>
    WindowCleared,
}

/// <summary>One entry of a cell's maintenance log: who did what, when and why.</summary>
[GenerateSerializer]
[Immutable]
public sealed record MaintenanceLogEntry(
    [property: Id(0)] long Number,
    [property: Id(1)] MaintenanceLogKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string By,
    [property: Id(4)] string Reason,
    [property: Id(5)] IReadOnlyList<string> PartsReplaced,
    [property: Id(6)] string? Notes,
    [property: Id(7)] DateTimeOffset RecordedAt);

/// <summary>What a technician records in a cell's maintenance log.</summary>
/// <param name="At">When the work was done; the time of recording when absent.</param>
[GenerateSerializer]
[Immutable]
public sealed record MaintenanceRecord(
    [property: Id(0)] string Reason,
    [property: Id(1)] IReadOnlyList<string>? PartsReplaced,
    [property: Id(2)] string? Notes,
    [property: Id(3)] DateTimeOffset? At);
