namespace Microfactory.Network.Routing;

/// <summary>
/// How much lateness hurts for an order. Each step above Normal multiplies the lateness cost by
/// <see cref="RoutingWeights.PriorityLatenessBase"/>; Low divides it once.
/// </summary>
public enum OrderPriority
{
    Low = -1,
    Normal = 0,
    High = 1,
    Urgent = 2,
}
