using Microfactory.Network.Routing;
using System.Text.Json.Serialization;
using Orleans;

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
[GenerateSerializer]
[Immutable]
public sealed record OrderSubmission(
    [property: Id(0)] string? Product,
    [property: Id(1)] string? DesignVersion,
    [property: Id(2)] int? Quantity,
    [property: Id(3)] DateTimeOffset? DueAt,
    [property: Id(4)] string? DeliveryCityId,
    [property: Id(5)] OrderPriority? Priority)
{
    /// <summary>Values for the design's parameters, by name (strings or JSON numbers); see <see cref="Designs.DesignParameter"/>.</summary>
    // Left out of the JSON when absent, so the fingerprints of orders submitted before parameters existed stay the same.
    [Id(6)]
    [JsonConverter(typeof(ParameterValuesJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>How the parts travel to the delivery city (a key of <c>Kpis:Co2GramsPerKm</c>); unset: <c>Kpis:DefaultDeliveryMode</c>.</summary>
    [Id(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeliveryMode { get; init; }
}

/// <summary>The order as accepted: the design version is resolved to the one in force when it was received.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderSpec(
    [property: Id(0)] string Product,
    [property: Id(1)] string DesignVersion,
    [property: Id(2)] int Quantity,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] string DeliveryCityId,
    [property: Id(5)] OrderPriority Priority)
{
    public string Design => $"{Product}@{DesignVersion}";

    /// <summary>Every declared parameter's value (given or defaulted) in canonical text, by name in ordinal order.</summary>
    [Id(6)]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>How the parts travel to the delivery city, for the transport KPIs.</summary>
    [Id(7)]
    public string DeliveryMode { get; init; } = "";
}

/// <summary>One step of an order's life, with when and why.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderTransition([property: Id(0)] OrderStatus Status, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string Reason);

/// <summary>Where an order is being made.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderAssignment([property: Id(0)] string SiteId, [property: Id(1)] string CellId, [property: Id(2)] string JobId, [property: Id(3)] double LoadHours);

/// <summary>The order as the API shows it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderView(
    [property: Id(0)] string Id,
    [property: Id(1)] OrderSpec Spec,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] OrderAssignment? Assignment,
    [property: Id(4)] int Good,
    [property: Id(5)] int Scrap,
    [property: Id(6)] int Attempts,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] IReadOnlyList<OrderTransition> History)
{
    /// <summary>Energy the job took (see <see cref="OrderSummary.EnergyKwh"/>); null until parts are made or when unknown.</summary>
    [Id(10)]
    public double? EnergyKwh { get; init; }
}

/// <summary>The small published form of an order, for listings and counts.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] OrderStatus Status,
    [property: Id(2)] string Product,
    [property: Id(3)] string Design,
    [property: Id(4)] int Quantity,
    [property: Id(5)] string DeliveryCityId,
    [property: Id(6)] string? SiteId,
    [property: Id(7)] string? SiteCityId,
    [property: Id(8)] string? CellId,
    [property: Id(9)] DateTimeOffset DueAt,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] long Version)
{
    [Id(13)]
    public int Good { get; init; }

    [Id(14)]
    public int Scrap { get; init; }

    /// <summary>Energy the job took: the machine's own reading where it reports one, else the design's kWh per part times parts made; null when neither is known.</summary>
    [Id(15)]
    public double? EnergyKwh { get; init; }

    [Id(16)]
    public string DeliveryMode { get; init; } = "";

    /// <summary>When the order completed; null until it has.</summary>
    [Id(17)]
    public DateTimeOffset? CompletedAt { get; init; }

    public bool IsTerminal => Status is OrderStatus.Completed or OrderStatus.Failed or OrderStatus.Cancelled;
}

/// <summary>The order, and whether this submission created it (false for a replay of the same request).</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderSubmitted([property: Id(0)] OrderView Order, [property: Id(1)] bool Created);
