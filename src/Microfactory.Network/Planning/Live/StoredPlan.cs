using Microfactory.Network.Orders;
using Orleans;

namespace Microfactory.Network.Planning.Live;

/// <summary>What a planner asked for: the API's rebalance body, or a drain.</summary>
[GenerateSerializer]
public sealed record PlanParameters(
    [property: Id(0)] IReadOnlyList<string>? CityIds,
    [property: Id(1)] double BandLow,
    [property: Id(2)] double BandHigh,
    [property: Id(3)] double MaxTransferKm,
    [property: Id(4)] bool MayRiskDueDates,
    [property: Id(5)] IReadOnlyList<string>? DrainSiteIds);

public enum PlanStatus
{
    /// <summary>Planned (a dry run); nothing moved.</summary>
    Planned,

    /// <summary>Being applied, or interrupted while applied: applying it again (or a restart) finishes it.</summary>
    Applying,

    Applied,
}

/// <summary>A plan as stored and shown: the planner's answer and, once applied, what each move did.</summary>
[GenerateSerializer]
public sealed record StoredPlan(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] PlanParameters Parameters,
    [property: Id(3)] RebalancePlan Plan,
    [property: Id(4)] PlanStatus Status,
    [property: Id(5)] PlanApplication? LastApplication);

/// <summary>The outcome of applying a plan (the last time, if more than once).</summary>
[GenerateSerializer]
public sealed record PlanApplication(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] DateTimeOffset FinishedAt,
    [property: Id(2)] int Moved,
    [property: Id(3)] int AlreadyMoved,
    [property: Id(4)] int Rerouted,
    [property: Id(5)] int Skipped,
    [property: Id(6)] IReadOnlyList<AppliedMove> Moves);

/// <summary>One planned move as applied: moved, already moved (a repeat), rerouted, or skipped and why.</summary>
[GenerateSerializer]
public sealed record AppliedMove([property: Id(0)] string OrderId, [property: Id(1)] string FromSiteId, [property: Id(2)] string ToSiteId, [property: Id(3)] MoveOutcome Outcome, [property: Id(4)] string Detail, [property: Id(5)] string? SiteIdNow);

/// <summary>What executing one move needs beyond the plan's own record: the order's job id when planned, and its load at the destination.</summary>
[GenerateSerializer]
public sealed record MoveTicket([property: Id(0)] string OrderId, [property: Id(1)] string FromSiteId, [property: Id(2)] string FromJobId, [property: Id(3)] string ToSiteId, [property: Id(4)] string ToCellId, [property: Id(5)] double LoadHours);
