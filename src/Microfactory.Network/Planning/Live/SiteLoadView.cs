using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning.Live;

/// <summary>
/// A site's load: utilisation is backlog hours over one day of capacity. An order is at risk when its predicted
/// finish (its cell's queue worked in order at the cell's pace) is after its due date. <see cref="EmptyAt"/> is when
/// the last cell runs out of work (null when a cell with work has no capacity).
/// </summary>
public sealed record SiteLoadView(
    string SiteId,
    string CityId,
    SiteStatus Status,
    double CapacityHoursPerDay,
    double BacklogHours,
    double Utilisation,
    int QueuedOrders,
    int RunningOrders,
    int OrdersAtRisk,
    IReadOnlyList<string> AtRiskOrderIds,
    DateTimeOffset? EmptyAt);
