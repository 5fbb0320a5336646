using System.Net;

namespace Microfactory.Grpc.Client;

/// <summary>The body of a single-request call: one framed message, sent without a content-length like any gRPC body.</summary>
internal sealed class FramedMessageContent(byte[] frame) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(frame).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(frame, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
