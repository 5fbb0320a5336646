using Google.Protobuf;
using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Client;

/// <summary>Writes request messages one at a time, each flushed so ping-pong exchanges never stall.</summary>
internal sealed class ClientStreamWriter<TRequest>(IGrpcCallWriteTarget call, DuplexRequestContent content, int? maxMessageSize) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _completed;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("The request stream has already been completed; no more messages can be written.");
            }

            switch (call.FinalStatus)
            {
                case { StatusCode: StatusCode.OK }:
                    throw new InvalidOperationException("The call is complete; no more messages can be written.");
                case { } status:
                    throw new RpcException(status);
            }

            try
            {
                var frame = MessageFrameWriter.Frame(message, maxMessageSize);
                var stream = await content.RequestStream.WaitAsync(cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw call.WriteFailed(ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task CompleteAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _completed = true;
            content.Complete();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}

/// <summary>What a request writer needs of its call.</summary>
internal interface IGrpcCallWriteTarget
{
    Status? FinalStatus { get; }

    RpcException WriteFailed(Exception? exception);
}
