using System.Diagnostics;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Orders;

/// <summary>The order's own spans: handing its job to a site, and its completion, both in the order's one trace.</summary>
internal static class OrderTracing
{
    /// <summary>
    /// A Producer span under the current call, or, when the order is dispatched later by recovery with no request in
    /// flight, under the trace the order was submitted in.
    /// </summary>
    public static Activity? StartDispatch(string? orderTraceParent, string orderId, OrderAssignment assignment)
    {
        var parent = Activity.Current is null && ActivityContext.TryParse(orderTraceParent, null, isRemote: true, out var stored) ? stored : default;
        var activity = NetworkDiagnostics.Network.StartActivity("dispatch job", ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.order.id", orderId);
            activity.SetTag("mf.job.id", assignment.JobId);
            activity.SetTag("mf.site.id", assignment.SiteId);
            activity.SetTag("mf.cell.id", assignment.CellId);
        }

        return activity;
    }

    /// <summary>A short span marking completion, under whatever delivered the agent's DONE (the link continues the job's trace).</summary>
    public static void Completed(string orderId, string siteId, OrderAssignment assignment, JobUpdate update)
    {
        using var activity = NetworkDiagnostics.Network.StartActivity("order completed", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.order.id", orderId);
            activity.SetTag("mf.site.id", siteId);
            activity.SetTag("mf.cell.id", assignment.CellId);
            activity.SetTag("mf.job.id", assignment.JobId);
            activity.SetTag("mf.order.good", update.Good);
            activity.SetTag("mf.order.scrap", update.Scrap);
        }
    }
}
