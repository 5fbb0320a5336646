using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
    : ServerCallHandlerBase<TRequest, TResponse>(method, options, timeProvider, logger)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override bool IsRequestStreaming => false;

    protected override async Task HandleCallCoreAsync(ServerCall call)
    {
        var request = await ReadSingleRequestAsync(call).ConfigureAwait(false);
        var response = await handler(request, call.Context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Handler of {Method.FullName} returned no response message.");
        if (call.Context.Status.StatusCode == StatusCode.OK)
        {
            await call.WriteMessageAsync(response, call.Context.CancellationToken).ConfigureAwait(false);
        }
    }
}
