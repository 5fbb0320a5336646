using System.Collections.Concurrent;
using Grpc.Testing;
using Microfactory.Grpc.Server;
using Microsoft.AspNetCore.Routing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>
/// Test-only methods that let tests observe the server side: a handler that throws with a secret in its
/// message, and one that reports when its call is cancelled.
/// </summary>
internal sealed class ProbeService
{
    public const string Service = "microfactory.test.Probe";
    public const string ProbeIdKey = "probe-id";
    public const string SecretInException = "Password=hunter2;Server=db.internal";

    public static readonly GrpcMethod<Empty, Empty> Throw = new(MethodType.Unary, Service, "Throw", Empty.Parser, Empty.Parser);

    public static readonly GrpcMethod<Empty, Empty> WaitForCancel = new(MethodType.DuplexStreaming, Service, "WaitForCancel", Empty.Parser, Empty.Parser);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _cancelled = new();

    /// <summary>Completes with how the server saw the call end, once the call with that probe id is cancelled.</summary>
    public Task<string> CancellationObserved(string probeId) =>
        _cancelled.GetOrAdd(probeId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcUnary(Throw, (_, _) => throw new InvalidOperationException(SecretInException));
        endpoints.MapGrpcDuplexStreaming(WaitForCancel, WaitForCancelAsync);
    }

    private async Task WaitForCancelAsync(IAsyncStreamReader<Empty> requests, IServerStreamWriter<Empty> responses, ServerCallContext context)
    {
        var probeId = context.RequestHeaders.GetValue(ProbeIdKey) ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "probe-id metadata missing"));
        var observed = _cancelled.GetOrAdd(probeId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        await context.WriteResponseHeadersAsync(new Metadata());
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            observed.TrySetResult(context.HttpContext.RequestAborted.IsCancellationRequested ? "aborted by client" : "cancelled");
            throw;
        }
    }
}
