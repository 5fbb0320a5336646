using System.Security.Cryptography;

namespace Microfactory.Orchestrator.Designs;

/// <summary>
/// Passes a request body through to the store while hashing and counting it. At end of stream it throws when the
/// digest differs from the one the uploader declared, and past the size limit it throws at once: every store commits
/// only after the stream ends (Azure block upload commits the block list last), so either failure stores nothing.
/// </summary>
public sealed class VerifyingUploadStream(Stream inner, string expectedSha256, long maxBytes) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        return Account(buffer[..n], endOfStream: n == 0 && buffer.Length > 0);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n], endOfStream: n == 0 && buffer.Length > 0);
    }

    private bool _verified;

    private int Account(ReadOnlySpan<byte> data, bool endOfStream)
    {
        BytesRead += data.Length;
        if (BytesRead > maxBytes)
        {
            throw new BundleRejectedException(StatusCodes.Status413PayloadTooLarge, $"The bundle is larger than the limit of {maxBytes} bytes (Designs:MaxBundleBytes).");
        }

        if (!endOfStream || _verified)
        {
            _hash.AppendData(data);
            return data.Length;
        }

        _verified = true;
        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != expectedSha256)
        {
            throw new BundleRejectedException(StatusCodes.Status422UnprocessableEntity,
                $"The body's sha256 is {actual} but {BundleHeaders.Sha256} declared {expectedSha256}; nothing was stored.");
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An upload refused while it streamed; the API answers with <see cref="StatusCode"/> and the message.</summary>
public sealed class BundleRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

public static class BundleHeaders
{
    /// <summary>The uploader's SHA-256 of the body (lowercase hex), checked at end of stream; also sent on downloads.</summary>
    public const string Sha256 = "X-Content-SHA256";
}
