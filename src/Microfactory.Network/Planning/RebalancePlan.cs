namespace Microfactory.Network.Planning;

/// <summary>The planner's answer; a dry run returns it as is, an apply executes <see cref="Moves"/> in order.</summary>
public sealed record RebalancePlan(
    IReadOnlyList<PlannedMove> Moves,
    IReadOnlyList<UnmovedOrder> Unmoved,
    PlanTotals Totals,
    IReadOnlyList<SiteUtilisation> Sites);

/// <summary>One order to move. Finishes and lateness are predicted by the plan model (docs/planning.md).</summary>
public sealed record PlannedMove(
    string OrderId,
    string FromSiteId,
    string FromCellId,
    string ToSiteId,
    string ToCellId,
    double DistanceKmBefore,
    double DistanceKmAfter,
    DateTimeOffset FinishBefore,
    DateTimeOffset FinishAfter,
    double LateHoursBefore,
    double LateHoursAfter,
    string Why);

/// <summary>An order on a drained or still overloaded site that stays where it is, and why.</summary>
public sealed record UnmovedOrder(string OrderId, string SiteId, string Reason);

/// <summary>Spread and standard deviation are over the scoped sites that can take work (online, not drained).</summary>
public sealed record PlanTotals(
    double UtilisationSpreadBefore,
    double UtilisationSpreadAfter,
    double UtilisationStdDevBefore,
    double UtilisationStdDevAfter,
    int LateOrdersBefore,
    int LateOrdersAfter,
    double KilometresAdded,
    int OrdersMoved,
    double CostBefore,
    double CostAfter);

/// <summary>A scoped site's utilisation before and after the plan.</summary>
public sealed record SiteUtilisation(string SiteId, bool TakesWork, double Before, double After);
