using System.Net;

namespace Microfactory.Grpc.Client;

/// <summary>
/// A request body that stays open while the call runs: HttpClient hands over its request stream, the call's
/// writer writes messages into it, and completing the content ends the request side (END_STREAM).
/// </summary>
internal sealed class DuplexRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request stream, once HttpClient has started sending the body.</summary>
    public Task<Stream> RequestStream => _stream.Task;

    public void Complete()
    {
        _stream.TrySetException(new InvalidOperationException("The request stream is complete."));
        _complete.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient holds the request HEADERS frame back until body data is flushed; flush now so the server sees
        // the call even before the first message (a stream the client only listens on).
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await _complete.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
