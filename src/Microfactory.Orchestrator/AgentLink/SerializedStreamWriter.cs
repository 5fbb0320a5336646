using Grpc.Core;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// Lets the outbox push and the acks of the receive loop share one response stream: Grpc.AspNetCore refuses a write
/// while the previous one is still in progress.
/// </summary>
internal sealed class SerializedStreamWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
