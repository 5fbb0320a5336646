using System.Diagnostics;

namespace Microfactory.Telemetry;

/// <summary>
/// Spans for single messages on the long-lived AgentLink.Connect stream (both ends). The stream's own spans, from the
/// gRPC instrumentation, last as long as the agent stays connected; each job message gets a span of its own in its
/// order's trace instead, parented on the W3C context the message carries, with the RPC attributes of its stream.
/// </summary>
public static class LinkMessageSpans
{
    public const string Service = "microfactory.agent.v1.AgentLink";
    public const string Method = "Connect";

    /// <summary>Starts "microfactory.agent.v1.AgentLink/Connect {what}" under the given context (a root when it is empty or malformed).</summary>
    public static Activity? Start(ActivitySource source, ActivityKind kind, string what, string? traceparent, string? tracestate = null)
    {
        var activity = source.StartActivity($"{Service}/{Method} {what}", kind, ParentFrom(traceparent, tracestate));
        if (activity is { IsAllDataRequested: true })
        {
            // The attribute names the official gRPC instrumentation gives the stream's own spans (RPC semantic conventions 1.42).
            activity.SetTag("rpc.system.name", "grpc");
            activity.SetTag("rpc.method", $"{Service}/{Method}");
        }

        return activity;
    }

    /// <summary>The message was handed over (sent or applied): gRPC status OK on its span.</summary>
    public static void Succeeded(Activity? activity) => activity?.SetTag("rpc.response.status_code", "OK");

    /// <summary>Parses a W3C <c>traceparent</c> (and optional <c>tracestate</c>); default when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceparent, string? tracestate = null) =>
        !string.IsNullOrEmpty(traceparent) && ActivityContext.TryParse(traceparent, string.IsNullOrEmpty(tracestate) ? null : tracestate, isRemote: true, out var context)
            ? context
            : default;
}
