using System.Buffers.Binary;
using Google.Protobuf;

namespace Microfactory.Grpc.Protocol;

/// <summary>Writes one length-prefixed, uncompressed gRPC message and flushes it, so streams never stall.</summary>
internal static class MessageFrameWriter
{
    public static byte[] Frame(IMessage message, int? maxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (size > (maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message of {size} bytes exceeds the maximum configured message size of {maxMessageSize} bytes."));
        }

        var frame = new byte[GrpcProtocolConstants.HeaderSize + size];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(GrpcProtocolConstants.HeaderSize));
        return frame;
    }

    public static async Task WriteMessageAsync(Stream stream, IMessage message, int? maxMessageSize, CancellationToken cancellationToken)
    {
        var frame = Frame(message, maxMessageSize);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
