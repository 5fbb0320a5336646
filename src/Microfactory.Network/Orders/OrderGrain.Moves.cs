using Microfactory.Network.Sites;

namespace Microfactory.Network.Orders;

/// <summary>The order's side of a plan's targeted move (rebalancing, draining).</summary>
public sealed partial class OrderGrain
{
    public async Task<MoveResult> MoveToAsync(OrderMove move)
    {
        if (State.Spec is null)
        {
            return Skip($"order {PrimaryKey} does not exist");
        }

        if (State.MovedByPlans.Contains(move.PlanId))
        {
            return new MoveResult(MoveOutcome.AlreadyMoved, $"already moved by plan {move.PlanId}", State.Assignment?.SiteId);
        }

        if (State.PendingMove is { } pending)
        {
            // The same move again finishes one a crash interrupted; another plan's move waits for that one to finish.
            return pending.PlanId == move.PlanId
                ? await FinishMoveAsync(pending)
                : Skip($"order is being moved by plan {pending.PlanId}");
        }

        // A Routed order is a dispatch a crash interrupted (Dispatched is not written on its own): finish it first.
        await SettleAsync();
        if (WhyNotMovable(move) is { } reason)
        {
            return Skip(reason);
        }

        State.PendingMove = PendingMove.Of(move);
        await SaveAsync();
        return await FinishMoveAsync(State.PendingMove);
    }

    private string? WhyNotMovable(OrderMove move)
    {
        var a = State.Assignment;
        if (IsTerminal(State.Status))
        {
            return $"order is {State.Status}";
        }

        if (State.Status == OrderStatus.InProgress && a?.SiteId == move.FromSiteId)
        {
            return $"order started at {move.FromSiteId}";
        }

        if (a is null || a.SiteId != move.FromSiteId || a.JobId != move.FromJobId || State.Status is not (OrderStatus.Dispatched or OrderStatus.Accepted))
        {
            return $"order changed since the plan (now {State.Status}{(a is null ? "" : $" at {a.SiteId}")})";
        }

        return move.ToSiteId == move.FromSiteId ? $"order is already at {move.ToSiteId}" : null;
    }

    /// <summary>
    /// Withdraws the job from its site, then assigns the order to the destination. The site's answer decides a race
    /// with its agent starting the job: a job it has seen start stays, one it gave back never runs there.
    /// </summary>
    private async Task<MoveResult> FinishMoveAsync(PendingMove move)
    {
        var reason = $"moved to {move.ToSiteId} by plan {move.PlanId}";
        if (!await GrainFactory.GetGrain<ISiteGrain>(move.FromSiteId).WithdrawJobAsync(move.FromJobId, reason))
        {
            State.PendingMove = null;
            await SaveAsync();
            return Skip($"order started at {move.FromSiteId}");
        }

        State.Attempts++;
        State.Assignment = new OrderAssignment(move.ToSiteId, move.ToCellId, $"{PrimaryKey}-{State.Attempts}", move.LoadHours);
        State.PendingMove = null;
        State.MovedByPlans.Add(move.PlanId);
        Transition(OrderStatus.Routed, $"moved from {move.FromSiteId} to {move.ToSiteId}/{move.ToCellId} by plan {move.PlanId}");
        
        // As routing reserves a placement, so a refusal's release (DispatchAsync) balances it.
        directory.Routing.Reserve(Ids.Cell(move.ToSiteId, move.ToCellId), move.LoadHours);
        await SaveAsync();
        await ContinueAsync();
        var now = State.Assignment;
        return now?.SiteId == move.ToSiteId && State.Status == OrderStatus.Dispatched
            ? new MoveResult(MoveOutcome.Moved, $"queued on {move.ToSiteId}/{move.ToCellId}", move.ToSiteId)
            : new MoveResult(MoveOutcome.Rerouted, $"destination no longer takes work: {State.History[^1].Reason}", now?.SiteId);
    }

    private MoveResult Skip(string reason) => new(MoveOutcome.Skipped, reason, State.Assignment?.SiteId);
}
