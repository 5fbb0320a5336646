namespace Microfactory.Network.Planning.Live;

/// <summary>
/// The network as the planner sees it, plus what applying a plan needs and the planner does not: each queued order's
/// job id at planning time (its state stamp) and the delivery due dates of running jobs (for the load view).
/// </summary>
public sealed record LiveSnapshot(
    NetworkSnapshot Snapshot,
    IReadOnlyDictionary<string, string> JobIdByOrder,
    IReadOnlyList<RunningJob> Running);

/// <summary>A started job: it never moves, but it can still be late.</summary>
public sealed record RunningJob(string OrderId, string SiteId, string CellId, double RemainingHours, DateTimeOffset DueAt);
