using Orleans;

namespace Microfactory.Network.Orders;

/// <summary>
/// A targeted move of a queued, not started, order: from <paramref name="FromSiteId"/>, where the plan saw it as job
/// <paramref name="FromJobId"/> (the state stamp: any re-routing since gives the order another job id), to one cell
/// of another site. <paramref name="PlanId"/> makes the move idempotent.
/// </summary>
/// <param name="LoadHours">The order's work hours on the destination cell (plus a changeover where it lacks the design).</param>
[GenerateSerializer]
public sealed record OrderMove([property: Id(0)] string PlanId, [property: Id(1)] string FromSiteId, [property: Id(2)] string FromJobId, [property: Id(3)] string ToSiteId, [property: Id(4)] string ToCellId, [property: Id(5)] double LoadHours);

public enum MoveOutcome
{
    /// <summary>The order left its site and is queued at the destination (or is being dispatched there).</summary>
    Moved,

    /// <summary>This plan moved the order before: nothing done again.</summary>
    AlreadyMoved,

    /// <summary>The order left its site, but the destination refused it; it was routed again elsewhere.</summary>
    Rerouted,

    /// <summary>The order stays where it is; the detail says why.</summary>
    Skipped,
}

[GenerateSerializer]
public sealed record MoveResult([property: Id(0)] MoveOutcome Outcome, [property: Id(1)] string Detail, [property: Id(2)] string? SiteId);

/// <summary>A move stored before the order's site is asked to give the job back, so a crash midway is finished on resume.</summary>
[GenerateSerializer]
public sealed record PendingMove([property: Id(0)] string PlanId, [property: Id(1)] string FromSiteId, [property: Id(2)] string FromJobId, [property: Id(3)] string ToSiteId, [property: Id(4)] string ToCellId, [property: Id(5)] double LoadHours)
{
    public static PendingMove Of(OrderMove m) => new(m.PlanId, m.FromSiteId, m.FromJobId, m.ToSiteId, m.ToCellId, m.LoadHours);
}
