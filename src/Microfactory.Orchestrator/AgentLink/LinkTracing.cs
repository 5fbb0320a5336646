using System.Diagnostics;
using Microfactory.Network.Sites;
using Microfactory.Telemetry;
using Proto = Microfactory.Contracts.Agent.V1;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>The orchestrator's spans for the order-carrying messages of the Connect stream (see <see cref="LinkMessageSpans"/>).</summary>
internal static class LinkTracing
{
    public const string Name = "Microfactory.Orchestrator.AgentLink";

    private static readonly ActivitySource Source = new(Name);

    /// <summary>A Producer span for a job assignment, parented on the order's dispatch; the agent continues from it.</summary>
    public static Activity? StartSend(string siteId, OutboxMessage message, Proto.OrchestratorMessage contract)
    {
        if (message.Assignment is not { } job)
        {
            return null;
        }

        var activity = LinkMessageSpans.Start(Source, ActivityKind.Producer, "send JobAssignment", job.TraceParent);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("mf.site.id", siteId);
        activity.SetTag("mf.order.id", job.OrderId);
        activity.SetTag("mf.job.id", job.JobId);
        activity.SetTag("mf.cell.id", job.CellId);
        activity.SetTag("mf.link.sequence", message.Sequence);
        contract.JobAssignment.TraceContext = new Proto.TraceContext { Traceparent = activity.Id, Tracestate = activity.TraceStateString ?? "" };
        return activity;
    }

    public static void Sent(Activity? activity) => LinkMessageSpans.Succeeded(activity);

    /// <summary>A Consumer span for a job update that carries its job's trace context; null for everything else.</summary>
    public static Activity? StartReceive(string siteId, Proto.AgentMessage message)
    {
        if (message.BodyCase != Proto.AgentMessage.BodyOneofCase.JobUpdate || message.JobUpdate.TraceContext is not { Traceparent.Length: > 0 } trace)
        {
            return null;
        }

        var update = message.JobUpdate;
        var activity = LinkMessageSpans.Start(Source, ActivityKind.Consumer, $"receive JobUpdate {update.Kind}", trace.Traceparent, trace.Tracestate);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.site.id", siteId);
            activity.SetTag("mf.order.id", update.OrderId);
            activity.SetTag("mf.job.id", update.JobId);
            activity.SetTag("mf.link.sequence", message.Sequence);
            LinkMessageSpans.Succeeded(activity);
        }

        return activity;
    }
}
