namespace Microfactory.Network.Routing;

/// <summary>
/// What routing needs to know about a cell; an upsert replaces the previous snapshot with the same id.
/// Hours are nominal work hours (at throughput factor 1). The cell clears
/// <c>ThroughputFactor * HoursPerDay</c> work hours per calendar day.
/// </summary>
/// <param name="Capabilities">Process capabilities such as cnc, additive, assembly, finishing, inspection.</param>
/// <param name="InstalledDesigns">Design versions as <c>product@version</c>, e.g. <c>bracket@2.1.0</c>.</param>
/// <param name="ThroughputFactor">Speed relative to nominal (1 = nominal, 2 = twice as fast).</param>
/// <param name="HoursPerDay">Hours per calendar day the cell runs, in (0, 24].</param>
/// <param name="BacklogHours">Work hours already queued or running.</param>
/// <param name="BacklogLimitHours">The most work hours the cell accepts in its queue.</param>
/// <param name="MaintenanceFrom">Start of a planned maintenance window (inclusive): no new work from then ...</param>
/// <param name="MaintenanceUntil">... until its end (exclusive), judged against the routing request's clock.</param>
public sealed record CellSnapshot(
    string CellId,
    string SiteId,
    IReadOnlyCollection<string> Capabilities,
    IReadOnlyCollection<string> InstalledDesigns,
    double ThroughputFactor,
    double HoursPerDay,
    double BacklogHours,
    double BacklogLimitHours,
    CellState State,
    DateTimeOffset? MaintenanceFrom = null,
    DateTimeOffset? MaintenanceUntil = null)
{
    /// <summary>What the cell will be set up for when its queue is done (its last queued job's setup); null when unknown.</summary>
    public string? SetupKey { get; init; }
}
