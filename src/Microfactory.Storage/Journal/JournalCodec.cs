using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Microfactory.Storage.Journal;

/// <summary>
/// The log's bytes. A batch: "MFJB", int32 length of what follows, 16-byte id, flags (1 seal, 2 Brotli), int32 count,
/// int32 length of the changes uncompressed, then the changes (Brotli-compressed when that is smaller): per change
/// int32 key length, UTF-8 key, int32 content length (-1: removed), content. Little-endian.
/// Append Block is atomic, so a batch is either whole in the log or absent; the magic and lengths catch a reader
/// pointed at the wrong offset, not torn writes. Compression is there because grain states of one batch repeat each
/// other's JSON shape, and a store spends its time per byte as much as per request.
/// </summary>
internal static class JournalCodec
{
    private const uint BatchMagic = 0x424A464D; // "MFJB"
    private const byte SealFlag = 1;
    private const byte BrotliFlag = 2;
    private const int CompressAbove = 512;
    public const int HeaderBytes = 8;
    public const int BatchOverhead = HeaderBytes + 16 + 1 + 4 + 4;

    public static int SizeOf(JournalChange change) => 8 + Encoding.UTF8.GetByteCount(change.Key) + (change.Content?.Length ?? 0);

    public static byte[] Encode(JournalBatch batch)
    {
        var plain = new byte[batch.Changes.Sum(SizeOf)];
        var at = 0;
        foreach (var change in batch.Changes)
        {
            var keyLength = Encoding.UTF8.GetBytes(change.Key, plain.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(at), keyLength);
            at += 4 + keyLength;
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(at), change.Content?.Length ?? -1);
            at += 4;
            change.Content?.CopyTo(plain.AsSpan(at));
            at += change.Content?.Length ?? 0;
        }

        var body = plain.AsSpan();
        var flags = batch.Seal ? SealFlag : (byte)0;
        byte[]? compressed = null;
        if (plain.Length > CompressAbove)
        {
            compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(plain.Length));
            if (BrotliEncoder.TryCompress(plain, compressed, out var written, quality: 1, window: 22) && written < plain.Length)
            {
                body = compressed.AsSpan(0, written);
                flags |= BrotliFlag;
            }
        }

        try
        {
            var buffer = new byte[BatchOverhead + body.Length];
            var span = buffer.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(span, BatchMagic);
            BinaryPrimitives.WriteInt32LittleEndian(span[4..], buffer.Length - HeaderBytes);
            batch.Id.TryWriteBytes(span[8..]);
            span[24] = flags;
            BinaryPrimitives.WriteInt32LittleEndian(span[25..], batch.Changes.Count);
            BinaryPrimitives.WriteInt32LittleEndian(span[29..], plain.Length);
            body.CopyTo(span[BatchOverhead..]);
            return buffer;
        }
        finally
        {
            if (compressed is not null)
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
    }

    /// <summary>
    /// Decodes the first batch of <paramref name="data"/>: false when it holds only part of one (read on).
    /// <paramref name="consumed"/> is the batch's length in the log.
    /// </summary>
    public static bool TryDecode(ReadOnlySequence<byte> data, out JournalBatch? batch, out int consumed)
    {
        batch = null;
        consumed = 0;
        if (data.Length < HeaderBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        data.Slice(0, HeaderBytes).CopyTo(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != BatchMagic)
        {
            throw new InvalidDataException("The journal holds no batch at this offset (bad magic): the log is damaged or was written by something else.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (length < BatchOverhead - HeaderBytes)
        {
            throw new InvalidDataException($"A journal batch claims {length} bytes, fewer than its own header.");
        }

        if (data.Length < HeaderBytes + (long)length)
        {
            return false;
        }

        var bytes = data.Slice(0, HeaderBytes + length).ToArray();
        batch = Decode(bytes);
        consumed = bytes.Length;
        return true;
    }

    private static JournalBatch Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var id = new Guid(span.Slice(8, 16));
        var flags = span[24];
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[25..]);
        var plainLength = BinaryPrimitives.ReadInt32LittleEndian(span[29..]);
        var body = span[BatchOverhead..];
        if ((flags & BrotliFlag) != 0)
        {
            var plain = new byte[plainLength];
            if (!BrotliDecoder.TryDecompress(body, plain, out var written) || written != plainLength)
            {
                throw new InvalidDataException($"A journal batch does not decompress to the {plainLength} bytes it declares.");
            }

            body = plain;
        }

        var changes = new List<JournalChange>(count);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
            var key = Encoding.UTF8.GetString(body.Slice(at + 4, keyLength));
            at += 4 + keyLength;
            var contentLength = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
            at += 4;
            byte[]? content = null;
            if (contentLength >= 0)
            {
                content = body.Slice(at, contentLength).ToArray();
                at += contentLength;
            }

            changes.Add(new JournalChange(key, content));
        }

        if (at != body.Length)
        {
            throw new InvalidDataException($"A journal batch's changes end at {at} of its {body.Length} bytes.");
        }

        return new JournalBatch(id, (flags & SealFlag) != 0, changes);
    }
}
