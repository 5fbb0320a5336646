using Microfactory.Network.Sites;

namespace Microfactory.Network.Orders;

/// <summary>
/// A job cancelled while it ran: the order is Cancelled at once, the agent stops at the next part boundary, and the
/// parts it really made (its CANCELLED, or a DONE or FAILED that crossed the cancel) become the order's final count.
/// </summary>
public sealed partial class OrderGrain
{
    private bool IsFinalReportOfCancelledJob(string siteId, JobUpdate update) =>
        State.Spec is not null
        && State.Status == OrderStatus.Cancelled
        && State.Assignment is { } a && a.SiteId == siteId && a.JobId == update.JobId
        && update.Kind is JobUpdateKind.Cancelled or JobUpdateKind.Done or JobUpdateKind.Failed;

    private async Task<bool> ApplyFinalCountsAsync(string siteId, JobUpdate update)
    {
        if (State.FinalCountsReported)
        {
            return false; // a resend: counted once
        }

        var now = time.GetUtcNow();
        State.Good = update.Good;
        State.Scrap = update.Scrap;
        State.FinalCountsReported = true;
        State.UpdatedAt = now;
        State.History.Add(new OrderTransition(OrderStatus.Cancelled, now, $"site {siteId} stopped the cancelled job: {update.Good} good, {update.Scrap} scrap made"));
        await SaveAsync();
        return true;
    }
}
