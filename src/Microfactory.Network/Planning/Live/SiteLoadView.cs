using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Planning.Live;

/// <summary>
/// A site's load: utilisation is backlog hours over one day of capacity. An order is at risk when its predicted
/// finish (its cell's queue worked in order at the cell's pace) is after its due date. <see cref="EmptyAt"/> is when
/// the last cell runs out of work (null when a cell with work has no capacity).
/// </summary>
[GenerateSerializer]
public sealed record SiteLoadView(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string CityId,
    [property: Id(2)] SiteStatus Status,
    [property: Id(3)] double CapacityHoursPerDay,
    [property: Id(4)] double BacklogHours,
    [property: Id(5)] double Utilisation,
    [property: Id(6)] int QueuedOrders,
    [property: Id(7)] int RunningOrders,
    [property: Id(8)] int OrdersAtRisk,
    [property: Id(9)] IReadOnlyList<string> AtRiskOrderIds,
    [property: Id(10)] DateTimeOffset? EmptyAt)
{
    /// <summary>Whether the site's agent is connected: a disconnected site keeps its queue but gets no new work.</summary>
    [Id(11)]
    public bool Connected { get; init; }

    /// <summary>Since when its agent is not connected; null while it is (or if it never connected).</summary>
    [Id(12)]
    public DateTimeOffset? DisconnectedSince { get; init; }
}
