using Orleans;

namespace Microfactory.Network.Planning;

/// <summary>The planner's answer; a dry run returns it as is, an apply executes <see cref="Moves"/> in order.</summary>
[GenerateSerializer]
public sealed record RebalancePlan(
    [property: Id(0)] IReadOnlyList<PlannedMove> Moves,
    [property: Id(1)] IReadOnlyList<UnmovedOrder> Unmoved,
    [property: Id(2)] PlanTotals Totals,
    [property: Id(3)] IReadOnlyList<SiteUtilisation> Sites);

/// <summary>One order to move. Finishes and lateness are predicted by the plan model (docs/planning.md).</summary>
[GenerateSerializer]
public sealed record PlannedMove(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string FromSiteId,
    [property: Id(2)] string FromCellId,
    [property: Id(3)] string ToSiteId,
    [property: Id(4)] string ToCellId,
    [property: Id(5)] double DistanceKmBefore,
    [property: Id(6)] double DistanceKmAfter,
    [property: Id(7)] DateTimeOffset FinishBefore,
    [property: Id(8)] DateTimeOffset FinishAfter,
    [property: Id(9)] double LateHoursBefore,
    [property: Id(10)] double LateHoursAfter,
    [property: Id(11)] string Why);

/// <summary>An order on a drained or still overloaded site that stays where it is, and why.</summary>
[GenerateSerializer]
public sealed record UnmovedOrder([property: Id(0)] string OrderId, [property: Id(1)] string SiteId, [property: Id(2)] string Reason);

/// <summary>Spread and standard deviation are over the scoped sites that can take work (online, not drained).</summary>
[GenerateSerializer]
public sealed record PlanTotals(
    [property: Id(0)] double UtilisationSpreadBefore,
    [property: Id(1)] double UtilisationSpreadAfter,
    [property: Id(2)] double UtilisationStdDevBefore,
    [property: Id(3)] double UtilisationStdDevAfter,
    [property: Id(4)] int LateOrdersBefore,
    [property: Id(5)] int LateOrdersAfter,
    [property: Id(6)] double KilometresAdded,
    [property: Id(7)] int OrdersMoved,
    [property: Id(8)] double CostBefore,
    [property: Id(9)] double CostAfter)
{
    /// <summary>Transport CO2e the moves add (negative: save), from each moved order's km change and delivery mode.</summary>
    [Id(10)]
    public double Co2GramsAdded { get; init; }
}

/// <summary>A scoped site's utilisation before and after the plan.</summary>
[GenerateSerializer]
public sealed record SiteUtilisation([property: Id(0)] string SiteId, [property: Id(1)] bool TakesWork, [property: Id(2)] double Before, [property: Id(3)] double After);
