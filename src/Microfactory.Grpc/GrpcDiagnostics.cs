using System.Diagnostics;

namespace Microfactory.Grpc;

/// <summary>
/// The transport's activity source: a Server span per handled call and a Client span per call made, with the
/// OpenTelemetry RPC attributes, so a call joins the trace its <c>traceparent</c> header carries.
/// </summary>
public static class GrpcDiagnostics
{
    public const string Name = "Microfactory.Grpc";

    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcMethod = "rpc.method";
    public const string RpcGrpcStatusCode = "rpc.grpc.status_code";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>Starts a span for one call (or, on a long-lived stream, one message) of <paramref name="service"/>/<paramref name="method"/>.</summary>
    public static Activity? StartRpc(string service, string method, ActivityKind kind, ActivityContext parent = default, string? suffix = null)
    {
        var activity = Source.StartActivity(suffix is null ? $"{service}/{method}" : $"{service}/{method} {suffix}", kind, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RpcSystem, "grpc");
            activity.SetTag(RpcService, service);
            activity.SetTag(RpcMethod, method);
        }

        return activity;
    }

    /// <summary>Records the call's final status; anything but OK marks the span as failed.</summary>
    public static void SetStatus(Activity? activity, Status status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(RpcGrpcStatusCode, (int)status.StatusCode);
        if (status.StatusCode != StatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, status.Detail);
        }
    }

    /// <summary>
    /// Ends a span that may not be the caller's current one (a call ends wherever its status is decided): Activity.Stop
    /// would otherwise reset the caller's Activity.Current to whatever was current when the span began.
    /// </summary>
    public static void StopDetached(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        var current = Activity.Current;
        activity.Stop();
        if (current is not null && current != activity)
        {
            Activity.Current = current;
        }
    }

    /// <summary>Parses a W3C <c>traceparent</c> (and optional <c>tracestate</c>); default when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceparent, string? tracestate = null) =>
        !string.IsNullOrEmpty(traceparent) && ActivityContext.TryParse(traceparent, string.IsNullOrEmpty(tracestate) ? null : tracestate, isRemote: true, out var context)
            ? context
            : default;
}
