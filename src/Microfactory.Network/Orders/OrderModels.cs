using Microfactory.Network.Routing;

namespace Microfactory.Network.Orders;

public enum OrderStatus
{
    Received,
    Routed,
    Dispatched,
    Accepted,
    InProgress,
    Completed,
    Failed,
    Cancelled,
    Unroutable,
}

/// <summary>What a customer-facing system submits.</summary>
public sealed record OrderSubmission(
    string? Product,
    string? DesignVersion,
    int? Quantity,
    DateTimeOffset? DueAt,
    string? DeliveryCityId,
    OrderPriority? Priority);

/// <summary>The order as accepted: the design version is resolved to the one in force when it was received.</summary>
public sealed record OrderSpec(
    string Product,
    string DesignVersion,
    int Quantity,
    DateTimeOffset DueAt,
    string DeliveryCityId,
    OrderPriority Priority)
{
    public string Design => $"{Product}@{DesignVersion}";
}

/// <summary>One step of an order's life, with when and why.</summary>
public sealed record OrderTransition(OrderStatus Status, DateTimeOffset At, string Reason);

/// <summary>Where an order is being made.</summary>
public sealed record OrderAssignment(string SiteId, string CellId, string JobId, double LoadHours);

/// <summary>The order as the API shows it.</summary>
public sealed record OrderView(
    string Id,
    OrderSpec Spec,
    OrderStatus Status,
    OrderAssignment? Assignment,
    int Good,
    int Scrap,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderTransition> History);

/// <summary>The small published form of an order, for listings and counts.</summary>
public sealed record OrderSummary(
    string Id,
    OrderStatus Status,
    string Product,
    string Design,
    int Quantity,
    string DeliveryCityId,
    string? SiteId,
    string? SiteCityId,
    string? CellId,
    DateTimeOffset DueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public bool IsTerminal => Status is OrderStatus.Completed or OrderStatus.Failed or OrderStatus.Cancelled;
}

/// <summary>The order, and whether this submission created it (false for a replay of the same request).</summary>
public sealed record OrderSubmitted(OrderView Order, bool Created);
