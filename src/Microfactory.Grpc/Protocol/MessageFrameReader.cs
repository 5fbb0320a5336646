using System.Buffers.Binary;

namespace Microfactory.Grpc.Protocol;

/// <summary>
/// Reads length-prefixed gRPC messages from a body stream. Every way a body can be malformed ends in an
/// <see cref="RpcException"/> with the status the peer should see, never in a stray exception.
/// </summary>
internal static class MessageFrameReader
{
    /// <summary>
    /// Reads the next message payload, or null when the stream ends cleanly between messages.
    /// </summary>
    /// <param name="compressedAllowed">
    /// False when the peer sent no (or identity) <c>grpc-encoding</c>: a compressed flag is then a protocol error.
    /// </param>
    public static async ValueTask<byte[]?> ReadMessageAsync(Stream stream, int? maxMessageSize, bool compressedAllowed, CancellationToken cancellationToken)
    {
        var header = new byte[GrpcProtocolConstants.HeaderSize];
        var headerRead = await ReadAtLeastAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (headerRead == 0)
        {
            return null;
        }

        if (headerRead < header.Length)
        {
            throw Internal("Incomplete message: the stream ended inside a message header.");
        }

        var flag = header[0];
        if (flag > 1)
        {
            throw Internal($"Invalid compression flag {flag} in a message header; only 0 and 1 are defined.");
        }

        if (flag == 1 && !compressedAllowed)
        {
            throw Internal("Message is flagged as compressed but the call has no grpc-encoding.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)(maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Received message of {length} bytes exceeds the maximum configured message size of {maxMessageSize} bytes."));
        }

        var payload = new byte[length];
        var payloadRead = await ReadAtLeastAsync(stream, payload, cancellationToken).ConfigureAwait(false);
        if (payloadRead < payload.Length)
        {
            throw Internal($"Incomplete message: the length prefix says {length} bytes but the stream ended after {payloadRead}.");
        }

        if (flag == 1)
        {
            // Compression is negotiated away (we accept only identity), so a compressed message can only arrive from a
            // peer that ignored grpc-accept-encoding.
            throw new RpcException(new Status(StatusCode.Unimplemented, "Compressed messages are not supported; use identity encoding."));
        }

        return payload;
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }

    private static RpcException Internal(string detail) => new(new Status(StatusCode.Internal, detail));
}
