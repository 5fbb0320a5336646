using System.Diagnostics;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.State;
using Microfactory.Telemetry;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The agent's part of an order's trace. The context travels with the job (JobAssignment.trace_context), is kept in
/// the job book, and goes back on every job update, so the trace stays one piece however late the job runs.
/// </summary>
internal static class JobTracing
{
    /// <summary>A Consumer span for an arriving assignment; the assignment then carries this span's context into the book.</summary>
    public static Activity? Received(V1.JobAssignment assignment, string siteId, ulong sequence)
    {
        var trace = assignment.TraceContext;
        var activity = LinkMessageSpans.Start(AgentDiagnostics.Source, ActivityKind.Consumer, "receive JobAssignment", trace?.Traceparent, trace?.Tracestate);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("mf.site.id", siteId);
        activity.SetTag("mf.order.id", assignment.OrderId);
        activity.SetTag("mf.job.id", assignment.JobId);
        activity.SetTag("mf.cell.id", assignment.CellId);
        activity.SetTag("mf.design.version", assignment.DesignVersion);
        activity.SetTag("mf.link.sequence", sequence);
        LinkMessageSpans.Succeeded(activity);
        assignment.TraceContext = new V1.TraceContext { Traceparent = activity.Id, Tracestate = activity.TraceStateString ?? "" };
        return activity;
    }

    /// <summary>The span of one run of a job on its cell (a resumed run after a restart is a second span in the same trace).</summary>
    public static Activity? StartRun(HeldJob job, string cellId)
    {
        var activity = AgentDiagnostics.Source.StartActivity("run job", ActivityKind.Internal, LinkMessageSpans.ParentFrom(job.Traceparent, job.Tracestate));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.order.id", job.OrderId);
            activity.SetTag("mf.job.id", job.JobId);
            activity.SetTag("mf.cell.id", cellId);
            activity.SetTag("mf.design.version", job.DesignVersion);
            activity.SetTag("mf.job.quantity", job.Quantity);
            activity.SetTag("mf.job.resumed_at_part", job.Made);
        }

        return activity;
    }

    public static void Ended(Activity? activity, JobOutcome outcome, int good, int scrap, string? reason)
    {
        var name = outcome.ToString().ToLowerInvariant();
        AgentDiagnostics.JobsFinished.Add(1, new KeyValuePair<string, object?>("outcome", name));
        AgentDiagnostics.Parts.Add(good, new KeyValuePair<string, object?>("quality", "good"));
        AgentDiagnostics.Parts.Add(scrap, new KeyValuePair<string, object?>("quality", "scrap"));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("mf.job.outcome", name);
        activity.SetTag("mf.order.good", good);
        activity.SetTag("mf.order.scrap", scrap);
        if (outcome is JobOutcome.Failed or JobOutcome.Rejected)
        {
            activity.SetStatus(ActivityStatusCode.Error, reason);
        }
    }

    /// <summary>The context a job update carries: the span it happens in, else the one kept with the job.</summary>
    public static V1.TraceContext? ContextFor(HeldJob job) =>
        Activity.Current is { } current
            ? new V1.TraceContext { Traceparent = current.Id, Tracestate = current.TraceStateString ?? "" }
            : string.IsNullOrEmpty(job.Traceparent) ? null : new V1.TraceContext { Traceparent = job.Traceparent, Tracestate = job.Tracestate };
}
