using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    ClientStreamingServerMethod<TRequest, TResponse> handler,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
    : ServerCallHandlerBase<TRequest, TResponse>(method, options, timeProvider, logger)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override bool IsRequestStreaming => true;

    protected override async Task HandleCallCoreAsync(ServerCall call)
    {
        var reader = new HttpContextStreamReader<TRequest>(call, Method.RequestParser);
        var response = await handler(reader, call.Context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Handler of {Method.FullName} returned no response message.");
        if (call.Context.Status.StatusCode == StatusCode.OK)
        {
            await call.WriteMessageAsync(response, call.Context.CancellationToken).ConfigureAwait(false);
        }
    }
}
