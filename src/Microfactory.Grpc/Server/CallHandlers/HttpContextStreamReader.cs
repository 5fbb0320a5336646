using Google.Protobuf;
using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Server.CallHandlers;

/// <summary>Reads request messages from the HTTP/2 request body; malformed input surfaces as an <see cref="RpcException"/>.</summary>
internal sealed class HttpContextStreamReader<T>(ServerCall call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("No message has been read; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Context.CancellationToken);
        var payload = await MessageFrameReader.ReadMessageAsync(call.RequestBody, call.MaxReceiveMessageSize, compressedAllowed: false, linked.Token).ConfigureAwait(false);
        if (payload is null)
        {
            _current = null;
            return false;
        }

        _current = MessageParsing.Parse(parser, payload, "request");
        return true;
    }
}
