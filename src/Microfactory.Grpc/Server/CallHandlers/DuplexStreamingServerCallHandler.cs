using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    DuplexStreamingServerMethod<TRequest, TResponse> handler,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
    : ServerCallHandlerBase<TRequest, TResponse>(method, options, timeProvider, logger)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override bool IsRequestStreaming => true;

    protected override Task HandleCallCoreAsync(ServerCall call) =>
        handler(new HttpContextStreamReader<TRequest>(call, Method.RequestParser), new HttpContextStreamWriter<TResponse>(call), call.Context);
}
