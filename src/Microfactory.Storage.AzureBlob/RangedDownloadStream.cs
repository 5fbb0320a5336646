using System.Globalization;
using Azure;
using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// Reads a blob range by range (Get Blob with x-ms-range), straight from the network: only one range's response is
/// open at a time and none is buffered. Every range after the first is conditional on the first one's ETag, so a
/// blob replaced mid-download fails the read instead of splicing two versions together.
/// </summary>
internal sealed class RangedDownloadStream : Stream
{
    private readonly BlobHttp _http;
    private readonly string _key;
    private readonly string _etag;
    private readonly long _length;
    private readonly int _rangeSize;
    private HttpMessage? _current;
    private Stream? _body;
    private long _position;
    private long _rangeEnd;

    private RangedDownloadStream(BlobHttp http, string key, string etag, long length, int rangeSize, HttpMessage? first, long firstEnd)
    {
        _http = http;
        _key = key;
        _etag = etag;
        _length = length;
        _rangeSize = rangeSize;
        _current = first;
        _body = first?.Response.ContentStream;
        _rangeEnd = firstEnd;
    }

    public static async Task<RangedDownloadStream?> OpenAsync(BlobHttp http, string key, int rangeSize, CancellationToken cancellationToken)
    {
        var message = CreateRange(http, key, 0, rangeSize, etag: null);
        try
        {
            var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            switch (response.Status)
            {
                case 404:
                    message.Dispose();
                    return null;
                case 416: // a range of an empty blob
                    message.Dispose();
                    return new RangedDownloadStream(http, key, "", 0, rangeSize, null, 0);
                case 206 or 200:
                    var length = TotalLength(response);
                    var end = response.Status == 200 ? length : Math.Min(rangeSize, length);
                    return new RangedDownloadStream(http, key, AzureBlobStore.ETagOf(response), length, rangeSize, message, end);
                default:
                    throw BlobErrors.For(response, $"read '{key}'", key);
            }
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("Blob downloads are read front to back.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _length || buffer.Length == 0)
        {
            return 0;
        }

        if (_body is null)
        {
            await OpenNextRangeAsync(cancellationToken).ConfigureAwait(false);
        }

        var wanted = (int)Math.Min(buffer.Length, _rangeEnd - _position);
        var n = await _body!.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            throw new IOException($"The download of '{_key}' ended at byte {_position} of {_length}: the connection closed early.");
        }

        _position += n;
        if (_position == _rangeEnd)
        {
            CloseRange();
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous callers are served by the asynchronous path; the pipeline has no synchronous ranged read worth keeping.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Blob downloads are read front to back.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseRange();
        }

        base.Dispose(disposing);
    }

    private async Task OpenNextRangeAsync(CancellationToken cancellationToken)
    {
        var message = CreateRange(_http, _key, _position, _rangeSize, _etag);
        try
        {
            var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.Status == 412)
            {
                throw new IOException($"'{_key}' changed while it was being downloaded (its ETag is no longer {_etag}); download it again.");
            }

            if (response.Status != 206)
            {
                throw BlobErrors.For(response, $"read '{_key}' from byte {_position}", _key);
            }

            _current = message;
            _body = response.ContentStream;
            _rangeEnd = Math.Min(_position + _rangeSize, _length);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private void CloseRange()
    {
        _current?.Dispose();
        _current = null;
        _body = null;
    }

    private static HttpMessage CreateRange(BlobHttp http, string key, long from, int size, string? etag)
    {
        var message = http.Create(RequestMethod.Get, key);
        message.BufferResponse = false;
        message.Request.Headers.Add("x-ms-range", $"bytes={from.ToString(CultureInfo.InvariantCulture)}-{(from + size - 1).ToString(CultureInfo.InvariantCulture)}");
        if (etag is not null)
        {
            message.Request.Headers.Add("If-Match", etag);
        }

        return message;
    }

    // Content-Range: bytes 0-4194303/209715200
    private static long TotalLength(Response response)
    {
        if (response.Headers.TryGetValue("Content-Range", out var range))
        {
            var slash = range.LastIndexOf('/');
            if (slash > 0 && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return total;
            }
        }

        return response.Headers.ContentLengthLong ?? throw new InvalidDataException("Azure Blob answered a ranged read without Content-Range or Content-Length.");
    }
}
