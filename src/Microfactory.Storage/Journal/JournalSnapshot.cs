using System.Text;

namespace Microfactory.Storage.Journal;

/// <summary>
/// Every document as of the start of one segment: "MFJS", format 1, the segment, then (key, ETag, content) rows, a
/// terminating -1 and the row count. Written by streaming (never whole in memory), read the same way.
/// </summary>
internal static class JournalSnapshot
{
    private const uint Magic = 0x534A464D; // "MFJS"

    public static Stream Write(long segment, IReadOnlyList<KeyValuePair<string, JournalDocument>> documents) =>
        new SnapshotStream(segment, documents);

    public static async Task<Dictionary<string, JournalDocument>> ReadAsync(Stream stream, long segment, CancellationToken cancellationToken)
    {
        await using var buffered = new BufferedStream(stream, 1024 * 1024);
        var reader = new AsyncReader(buffered);
        if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(await reader.ReadAsync(4, cancellationToken).ConfigureAwait(false)) != Magic
            || await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidDataException("The journal snapshot has an unknown format.");
        }

        var stored = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(await reader.ReadAsync(8, cancellationToken).ConfigureAwait(false));
        if (stored != segment)
        {
            throw new InvalidDataException($"The snapshot named for segment {segment} says it is for segment {stored}.");
        }

        var documents = new Dictionary<string, JournalDocument>(StringComparer.Ordinal);
        while (true)
        {
            var keyLength = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
            if (keyLength < 0)
            {
                break;
            }

            var key = Encoding.UTF8.GetString(await reader.ReadAsync(keyLength, cancellationToken).ConfigureAwait(false));
            var etag = Encoding.UTF8.GetString(await reader.ReadAsync(await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
            var content = await reader.ReadAsync(await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            documents[key] = new JournalDocument(content, etag);
        }

        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(await reader.ReadAsync(8, cancellationToken).ConfigureAwait(false));
        if (count != documents.Count)
        {
            throw new InvalidDataException($"The journal snapshot says it holds {count} documents; {documents.Count} were read.");
        }

        return documents;
    }

    private sealed class AsyncReader(Stream stream)
    {
        public async Task<int> ReadInt32Async(CancellationToken cancellationToken) =>
            System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(await ReadAsync(4, cancellationToken).ConfigureAwait(false));

        public async Task<byte[]> ReadAsync(int count, CancellationToken cancellationToken)
        {
            if (count < 0)
            {
                throw new InvalidDataException($"The journal snapshot has a negative length ({count}).");
            }

            var bytes = new byte[count];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    /// <summary>Serialises rows as the upload asks for bytes, a few at a time.</summary>
    private sealed class SnapshotStream(long segment, IReadOnlyList<KeyValuePair<string, JournalDocument>> documents) : Stream
    {
        private readonly MemoryStream _pending = new();
        private int _next = -1; // -1: header not written yet
        private bool _ended;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_pending.Position == _pending.Length && !_ended)
            {
                Refill();
            }

            return _pending.Read(buffer, offset, count);
        }

        private void Refill()
        {
            _pending.SetLength(0);
            using (var writer = new BinaryWriter(_pending, Encoding.UTF8, leaveOpen: true))
            {
                if (_next < 0)
                {
                    writer.Write(Magic);
                    writer.Write(1);
                    writer.Write(segment);
                    _next = 0;
                }

                while (_next < documents.Count && _pending.Length < 256 * 1024)
                {
                    var (key, document) = documents[_next++];
                    var keyBytes = Encoding.UTF8.GetBytes(key);
                    writer.Write(keyBytes.Length);
                    writer.Write(keyBytes);
                    var etagBytes = Encoding.UTF8.GetBytes(document.ETag);
                    writer.Write(etagBytes.Length);
                    writer.Write(etagBytes);
                    writer.Write(document.Content.Length);
                    writer.Write(document.Content);
                }

                if (_next == documents.Count)
                {
                    writer.Write(-1);
                    writer.Write((long)documents.Count);
                    _ended = true;
                }
            }

            _pending.Position = 0;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
