using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    ServerStreamingServerMethod<TRequest, TResponse> handler,
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
        await handler(request, new HttpContextStreamWriter<TResponse>(call), call.Context).ConfigureAwait(false);
    }
}
