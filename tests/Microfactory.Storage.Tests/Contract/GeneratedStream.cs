using System.Security.Cryptography;

namespace Microfactory.Storage.Tests.Contract;

/// <summary>
/// A read-only, forward-only stream of <c>length</c> pseudo-random bytes made on the fly from a seed, so tests can
/// move hundreds of megabytes without ever holding them, and know their SHA-256 without storing them.
/// </summary>
public sealed class GeneratedStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of the bytes a fresh stream with these arguments produces.</summary>
    public static async Task<byte[]> Sha256Async(long length, int seed) => await Sha256Async(new GeneratedStream(length, seed));

    public static async Task<byte[]> Sha256Async(Stream stream)
    {
        using var sha = SHA256.Create();
        return await sha.ComputeHashAsync(stream);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
