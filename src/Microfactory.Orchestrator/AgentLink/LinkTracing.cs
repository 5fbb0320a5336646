using System.Diagnostics;
using Microfactory.Grpc;
using Microfactory.Network.Sites;
using Proto = Microfactory.Contracts.Agent.V1;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// Spans for the order-carrying messages of the long-lived Connect stream. The stream's own span lasts as long as
/// the agent stays connected, so each job message gets a span of its own in its order's trace, with the RPC
/// attributes of the stream it travels on.
/// </summary>
internal static class LinkTracing
{
    private const string Service = "microfactory.agent.v1.AgentLink";
    private const string Method = "Connect";

    /// <summary>A Producer span for a job assignment, parented on the order's dispatch; the agent continues from it.</summary>
    public static Activity? StartSend(string siteId, OutboxMessage message, Proto.OrchestratorMessage contract)
    {
        if (message.Assignment is not { } job)
        {
            return null;
        }

        var activity = GrpcDiagnostics.StartRpc(Service, Method, ActivityKind.Producer, GrpcDiagnostics.ParentFrom(job.TraceParent), "send JobAssignment");
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

    public static void Sent(Activity? activity) => GrpcDiagnostics.SetStatus(activity, Status.DefaultSuccess);

    /// <summary>A Consumer span for a job update that carries its job's trace context; null for everything else.</summary>
    public static Activity? StartReceive(string siteId, Proto.AgentMessage message)
    {
        if (message.BodyCase != Proto.AgentMessage.BodyOneofCase.JobUpdate || message.JobUpdate.TraceContext is not { Traceparent.Length: > 0 } trace)
        {
            return null;
        }

        var update = message.JobUpdate;
        var activity = GrpcDiagnostics.StartRpc(Service, Method, ActivityKind.Consumer, GrpcDiagnostics.ParentFrom(trace.Traceparent, trace.Tracestate), $"receive JobUpdate {update.Kind}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.site.id", siteId);
            activity.SetTag("mf.order.id", update.OrderId);
            activity.SetTag("mf.job.id", update.JobId);
            activity.SetTag("mf.link.sequence", message.Sequence);
            activity.SetTag(GrpcDiagnostics.RpcGrpcStatusCode, (int)StatusCode.OK);
        }

        return activity;
    }
}
