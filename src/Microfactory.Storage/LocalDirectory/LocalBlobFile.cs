using System.Buffers.Binary;

namespace Microfactory.Storage.LocalDirectory;

/// <summary>
/// A blob file is a small header (magic, ETag version) followed by the content. The ETag lives inside the file so
/// one rename swaps content and ETag together: a reader never sees one without the other.
/// </summary>
internal static class LocalBlobFile
{
    public const int HeaderSize = 12;

    private static ReadOnlySpan<byte> Magic => "MFB1"u8;

    public static byte[] Header(long version)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(4), version);
        return header;
    }

    /// <summary>Opens a blob file for reading, or null when it does not exist.</summary>
    public static FileStream? OpenRead(string path, int bufferSize = 4096)
    {
        try
        {
            // FileShare.Delete: a writer may replace or a deleter remove the file while this handle reads the old one.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static async Task<string> ReadETagAsync(FileStream file, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        file.Position = 0;
        await file.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{file.Name}' is not a blob file of the local directory store (bad header).");
        }

        return ETags.FromVersion(BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(4)));
    }

    /// <summary>The ETag of the blob at <paramref name="path"/>, or null when it does not exist.</summary>
    public static async Task<string?> CurrentETagAsync(string path, CancellationToken cancellationToken)
    {
        var file = OpenRead(path, bufferSize: 1);
        if (file is null)
        {
            return null;
        }

        await using (file.ConfigureAwait(false))
        {
            return await ReadETagAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }
}
