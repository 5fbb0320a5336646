using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning;

/// <summary>
/// Everything the planner reads, frozen at <see cref="Now"/>: the planner is a pure function of this and the request.
/// The orders of a cell are in queue order as listed (the first listed runs first).
/// </summary>
public sealed record NetworkSnapshot(DateTimeOffset Now, IReadOnlyList<PlanningSite> Sites, IReadOnlyList<QueuedOrder> Orders);

/// <summary>A site and its cells. Only <see cref="SiteStatus.Online"/> sites whose agent is connected receive orders.</summary>
public sealed record PlanningSite(string SiteId, string CityId, GeoPoint Location, SiteStatus Status, bool Connected, IReadOnlyList<PlanningCell> Cells)
{
    /// <summary>Since when its agent is not connected; null while it is.</summary>
    public DateTimeOffset? DisconnectedSince { get; init; }
}

/// <summary>
/// A cell clears <c>HoursPerDay x ThroughputFactor</c> nominal work hours per calendar day.
/// <paramref name="RunningBacklogHours"/> is work already started there, which never moves.
/// </summary>
public sealed record PlanningCell(
    string CellId,
    IReadOnlyCollection<string> Capabilities,
    IReadOnlyCollection<string> InstalledDesigns,
    double HoursPerDay,
    double ThroughputFactor,
    double RunningBacklogHours,
    CellState State = CellState.Idle);

/// <summary>
/// A queued, not started, order on a cell. Its load on a cell is <see cref="WorkHours"/>, plus
/// <see cref="ChangeoverHours"/> where the cell lacks <see cref="Design"/>.
/// </summary>
public sealed record QueuedOrder(
    string OrderId,
    string SiteId,
    string CellId,
    IReadOnlyCollection<string> RequiredCapabilities,
    string Design,
    double WorkHours,
    double ChangeoverHours,
    DateTimeOffset DueAt,
    OrderPriority Priority,
    DeliveryLocation Delivery)
{
    /// <summary>Transport CO2e per km of the order's delivery mode (docs/kpis.md), so a plan can say what its km cost.</summary>
    public double Co2GramsPerKm { get; init; }
}
