using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Planning.Live;

/// <summary>
/// Plans on the live network (a dry run, stored so it can be applied later), applies stored plans move by move, and
/// drains sites. Applying is safe to repeat and to interrupt: each order grain decides its own move once.
/// </summary>
public sealed partial class PlanningService(
    IGrainFactory grains,
    NetworkDirectory directory,
    LiveSnapshotBuilder snapshots,
    TimeProvider time,
    ILogger<PlanningService> logger)
{
    public async Task<StoredPlan> PlanAsync(PlanParameters parameters, CancellationToken cancellationToken = default)
    {
        var request = ToRequest(parameters);
        var live = await snapshots.BuildAsync(cancellationToken);
        RebalancePlan plan;
        try
        {
            plan = RebalancePlanner.Plan(live.Snapshot, request);
        }
        catch (ArgumentException e)
        {
            throw new DomainValidationException(FieldOf(e.ParamName), e.Message);
        }

        var now = time.GetUtcNow();
        var id = $"plan-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var stored = new StoredPlan(id, now, parameters, plan, PlanStatus.Planned, null);
        await grains.GetGrain<IPlanGrain>(id).CreateAsync(stored, Tickets(live, plan));
        LogPlanned(id, plan.Moves.Count, plan.Unmoved.Count);
        return stored;
    }

    public async Task<StoredPlan?> GetAsync(string planId) => await grains.GetGrain<IPlanGrain>(planId).GetAsync();

    /// <summary>
    /// Executes the plan's moves in order. A move whose order has started, changed or moved since the plan is skipped
    /// with the reason; a move this plan already made is not made again. An exception leaves the plan Applying: the
    /// same call again (or the recovery at start-up) finishes it.
    /// </summary>
    public async Task<StoredPlan> ApplyAsync(string planId, CancellationToken cancellationToken = default)
    {
        var planGrain = grains.GetGrain<IPlanGrain>(planId);
        var started = time.GetUtcNow();
        var tickets = await GrainRetry.OnConflictAsync(planGrain.BeginApplyAsync, cancellationToken: cancellationToken);
        var applied = new List<AppliedMove>(tickets.Count);
        foreach (var t in tickets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var move = new OrderMove(planId, t.FromSiteId, t.FromJobId, t.ToSiteId, t.ToCellId, t.LoadHours);
            var result = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(t.OrderId).MoveToAsync(move), cancellationToken: cancellationToken);
            applied.Add(new AppliedMove(t.OrderId, t.FromSiteId, t.ToSiteId, result.Outcome, result.Detail, result.SiteId));
        }

        var application = new PlanApplication(
            started,
            time.GetUtcNow(),
            applied.Count(m => m.Outcome == MoveOutcome.Moved),
            applied.Count(m => m.Outcome == MoveOutcome.AlreadyMoved),
            applied.Count(m => m.Outcome == MoveOutcome.Rerouted),
            applied.Count(m => m.Outcome == MoveOutcome.Skipped),
            applied);
        var stored = await GrainRetry.OnConflictAsync(() => planGrain.CompleteApplyAsync(application), cancellationToken: cancellationToken);
        LogApplied(planId, application.Moved, application.AlreadyMoved, application.Rerouted, application.Skipped);
        return stored;
    }

    /// <summary>
    /// Stops new routing to the site, then plans and applies moving its queued orders under the given rules;
    /// running jobs stay and finish there.
    /// </summary>
    public async Task<StoredPlan> DrainAsync(string siteId, PlanParameters rules, CancellationToken cancellationToken = default)
    {
        ToRequest(rules); // refuse bad rules before the site stops taking work
        await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(siteId).SetDrainingAsync(true), cancellationToken: cancellationToken);
        var plan = await PlanAsync(rules with { DrainSiteIds = [siteId] }, cancellationToken);
        return await ApplyAsync(plan.Id, cancellationToken);
    }

    private RebalanceRequest ToRequest(PlanParameters p)
    {
        var unknown = p.CityIds?.FirstOrDefault(c => !directory.Cities.TryGet(c, out _));
        if (unknown is not null)
        {
            throw new DomainValidationException("cityIds", $"City '{unknown}' is not defined.");
        }

        var request = new RebalanceRequest(p.BandLow, p.BandHigh, p.MaxTransferKm, p.MayRiskDueDates)
        {
            CityIds = p.CityIds is { Count: > 0 } ? p.CityIds : null,
            DrainSiteIds = p.DrainSiteIds,
        };
        try
        {
            request.Validate();
        }
        catch (ArgumentException e)
        {
            throw new DomainValidationException(FieldOf(e.ParamName), e.Message);
        }

        return request;
    }

    /// <summary>The API's name for a planner field.</summary>
    private static string FieldOf(string? parameter) => parameter switch
    {
        nameof(RebalanceRequest.BandLow) => "band.low",
        nameof(RebalanceRequest.BandHigh) => "band.high",
        nameof(RebalanceRequest.MaxTransferKm) => "maxTransferKm",
        nameof(RebalanceRequest.CityIds) => "cityIds",
        null or "" => "body",
        _ => char.ToLowerInvariant(parameter[0]) + parameter[1..],
    };

    private static List<MoveTicket> Tickets(LiveSnapshot live, RebalancePlan plan)
    {
        var orders = live.Snapshot.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var cells = live.Snapshot.Sites.SelectMany(s => s.Cells.Select(c => (s.SiteId, Cell: c)))
            .ToDictionary(x => (x.SiteId, x.Cell.CellId), x => x.Cell);
        return plan.Moves.Select(m =>
        {
            var order = orders[m.OrderId];
            var installed = cells[(m.ToSiteId, m.ToCellId)].InstalledDesigns.Contains(order.Design);
            return new MoveTicket(m.OrderId, m.FromSiteId, live.JobIdByOrder[m.OrderId], m.ToSiteId, m.ToCellId,
                order.WorkHours + (installed ? 0 : order.ChangeoverHours));
        }).ToList();
    }

    [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "Plan {PlanId}: {Moves} moves, {Unmoved} orders left where they are")]
    private partial void LogPlanned(string planId, int moves, int unmoved);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Information, Message = "Plan {PlanId} applied: {Moved} moved, {AlreadyMoved} already moved, {Rerouted} rerouted, {Skipped} skipped")]
    private partial void LogApplied(string planId, int moved, int alreadyMoved, int rerouted, int skipped);
}
