using Microfactory.Network.Sites;

namespace Microfactory.Network.Orders;

/// <summary>
/// A job the site's agent no longer holds (it reconnected without it: an empty state directory, a replaced machine).
/// Nothing of it is known to have been made, so the attempt fails with that reason and the order is routed again under
/// the attempt limit, possibly to the same site (which is not at fault). The order is stored before the site lets the
/// job go, so a crash between the two leaves a job the next hello judges again, never an order waiting for ever.
/// </summary>
public sealed partial class OrderGrain
{
    public async Task<bool> JobLostAsync(string siteId, string jobId, string reason)
    {
        if (State.PendingMove is { } move)
        {
            await FinishMoveAsync(move); // a move a crash interrupted takes the job off the site first, if it can
        }

        var current = IsCurrentJob(siteId, jobId);
        if (!current && !_unsaved)
        {
            await state.ReadStateAsync(); // a stale activation must not ignore it
            current = IsCurrentJob(siteId, jobId);
        }

        var again = false;
        if (current)
        {
            again = FailAttempt(reason);
            await SaveAsync();
        }

        await GrainFactory.GetGrain<ISiteGrain>(siteId).ForgetLostJobAsync(jobId, reason);
        if (again)
        {
            await ContinueAsync();
        }

        return current;
    }

    /// <summary>The order is at that job now: an order routing again (Received, Unroutable) keeps its last assignment but has left it.</summary>
    private bool IsCurrentJob(string siteId, string jobId) =>
        State.Spec is not null && State.Assignment is { } a && a.SiteId == siteId && a.JobId == jobId
        && State.Status is OrderStatus.Routed or OrderStatus.Dispatched or OrderStatus.Accepted or OrderStatus.InProgress;
}
