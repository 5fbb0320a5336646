using Google.Protobuf;

namespace Microfactory.Grpc.Client;

/// <summary>Reads response messages; ends (false) on OK, throws <see cref="RpcException"/> on any other status.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No message has been read; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        _current = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}
