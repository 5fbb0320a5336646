using Google.Protobuf;

namespace Microfactory.Grpc.Server.CallHandlers;

/// <summary>Writes response messages; each is flushed so a streaming peer sees it immediately.</summary>
internal sealed class HttpContextStreamWriter<T>(ServerCall call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, cancellationToken);
    }
}
