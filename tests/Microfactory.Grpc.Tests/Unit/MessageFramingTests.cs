using Google.Protobuf;
using Grpc.Testing;
using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class MessageFramingTests
{
    [Fact]
    public async Task A_written_message_reads_back_with_its_5_byte_prefix()
    {
        var message = new SimpleRequest { ResponseSize = 42, Payload = new Payload { Body = ByteString.CopyFromUtf8("hello") } };
        using var stream = new MemoryStream();
        await MessageFrameWriter.WriteMessageAsync(stream, message, maxMessageSize: null, CancellationToken.None);

        var bytes = stream.ToArray();
        Assert.Equal(0, bytes[0]);
        Assert.Equal(message.CalculateSize(), (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]);

        stream.Position = 0;
        var payload = await MessageFrameReader.ReadMessageAsync(stream, 1024, compressedAllowed: false, CancellationToken.None);
        Assert.Equal(message, SimpleRequest.Parser.ParseFrom(payload));
        Assert.Null(await MessageFrameReader.ReadMessageAsync(stream, 1024, compressedAllowed: false, CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_message_is_a_bare_prefix()
    {
        using var stream = new MemoryStream();
        await MessageFrameWriter.WriteMessageAsync(stream, new Empty(), maxMessageSize: 0, CancellationToken.None);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, stream.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, StatusCode.Internal, "header")]
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 }, StatusCode.Internal, "length prefix says 10 bytes")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 7 }, StatusCode.Internal, "no grpc-encoding")]
    [InlineData(new byte[] { 2, 0, 0, 0, 1, 7 }, StatusCode.Internal, "compression flag 2")]
    [InlineData(new byte[] { 0, 0, 0, 4, 1 }, StatusCode.ResourceExhausted, "exceeds the maximum")]
    public async Task Malformed_frames_end_in_the_status_the_peer_should_see(byte[] body, StatusCode expected, string detailPart)
    {
        using var stream = new MemoryStream(body);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            MessageFrameReader.ReadMessageAsync(stream, maxMessageSize: 1024, compressedAllowed: false, CancellationToken.None).AsTask());
        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(detailPart, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_message_is_refused_from_its_prefix_without_reading_the_body()
    {
        using var stream = new MemoryStream([0, 0, 0x50, 0, 0, .. new byte[64]]);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            MessageFrameReader.ReadMessageAsync(stream, maxMessageSize: 4 * 1024 * 1024, compressedAllowed: false, CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(5, stream.Position);
    }

    [Fact]
    public void Sending_more_than_the_maximum_is_refused_before_anything_is_written()
    {
        var message = new Payload { Body = ByteString.CopyFrom(new byte[100]) };
        var ex = Assert.Throws<RpcException>(() => MessageFrameWriter.Frame(message, maxMessageSize: 50));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void Garbage_payload_becomes_internal_naming_deserialization()
    {
        var ex = Assert.Throws<RpcException>(() => MessageParsing.Parse(SimpleRequest.Parser, [0xFF, 0xFF, 0xFF, 0xFF], "request"));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.StartsWith("Failed to deserialize request message", ex.Status.Detail, StringComparison.Ordinal);
    }
}
