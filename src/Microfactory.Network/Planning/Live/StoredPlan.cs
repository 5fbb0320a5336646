using Microfactory.Network.Orders;

namespace Microfactory.Network.Planning.Live;

/// <summary>What a planner asked for: the API's rebalance body, or a drain.</summary>
public sealed record PlanParameters(
    IReadOnlyList<string>? CityIds,
    double BandLow,
    double BandHigh,
    double MaxTransferKm,
    bool MayRiskDueDates,
    IReadOnlyList<string>? DrainSiteIds);

public enum PlanStatus
{
    /// <summary>Planned (a dry run); nothing moved.</summary>
    Planned,

    /// <summary>Being applied, or interrupted while applied: applying it again (or a restart) finishes it.</summary>
    Applying,

    Applied,
}

/// <summary>A plan as stored and shown: the planner's answer and, once applied, what each move did.</summary>
public sealed record StoredPlan(
    string Id,
    DateTimeOffset CreatedAt,
    PlanParameters Parameters,
    RebalancePlan Plan,
    PlanStatus Status,
    PlanApplication? LastApplication);

/// <summary>The outcome of applying a plan (the last time, if more than once).</summary>
public sealed record PlanApplication(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Moved,
    int AlreadyMoved,
    int Rerouted,
    int Skipped,
    IReadOnlyList<AppliedMove> Moves);

/// <summary>One planned move as applied: moved, already moved (a repeat), rerouted, or skipped and why.</summary>
public sealed record AppliedMove(string OrderId, string FromSiteId, string ToSiteId, MoveOutcome Outcome, string Detail, string? SiteIdNow);

/// <summary>What executing one move needs beyond the plan's own record: the order's job id when planned, and its load at the destination.</summary>
public sealed record MoveTicket(string OrderId, string FromSiteId, string FromJobId, string ToSiteId, string ToCellId, double LoadHours);
