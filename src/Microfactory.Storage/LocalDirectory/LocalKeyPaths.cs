namespace Microfactory.Storage.LocalDirectory;

/// <summary>
/// Maps blob keys to files under <c>root/blobs</c> and back. A blob's file name ends in <see cref="FileSuffix"/>, a
/// character keys may not contain, so key <c>a/b</c> (file <c>a/b#blob</c>) and key <c>a/b/c</c> (directory <c>a/b</c>)
/// can both exist, as they can in Azure.
/// </summary>
internal sealed class LocalKeyPaths
{
    public const string FileSuffix = "#blob";

    // Most file systems cap a name at 255 bytes; keys are ASCII, so characters are bytes.
    private const int MaxSegmentLength = 255 - 5;

    public LocalKeyPaths(string root)
    {
        Root = Path.GetFullPath(root);
        BlobsRoot = Path.Combine(Root, "blobs");
        TempRoot = Path.Combine(Root, "tmp");
        LocksRoot = Path.Combine(Root, "locks");
    }

    public string Root { get; }

    public string BlobsRoot { get; }

    public string TempRoot { get; }

    public string LocksRoot { get; }

    public string FileFor(string key)
    {
        BlobKey.Validate(key);
        var segments = key.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length > MaxSegmentLength)
            {
                throw new ArgumentException(
                    $"Invalid blob key '{key}': the local directory store allows at most {MaxSegmentLength} characters between slashes.", nameof(key));
            }
        }

        segments[^1] += FileSuffix;
        return Path.Combine(BlobsRoot, Path.Combine(segments));
    }

    /// <summary>The deepest directory that can hold every key starting with <paramref name="prefix"/>.</summary>
    public string DirectoryForPrefix(string prefix)
    {
        var lastSlash = prefix.LastIndexOf('/');
        if (lastSlash <= 0)
        {
            return BlobsRoot;
        }

        var directoryPart = prefix[..lastSlash];
        if (!BlobKey.IsValid(directoryPart, out _))
        {
            return BlobsRoot; // no valid key lives there; the walk finds nothing and the filter agrees
        }

        return Path.Combine(BlobsRoot, Path.Combine(directoryPart.Split('/')));
    }

    public string? KeyFor(string file)
    {
        if (!file.EndsWith(FileSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var relative = Path.GetRelativePath(BlobsRoot, file[..^FileSuffix.Length]);
        var key = relative.Replace(Path.DirectorySeparatorChar, '/');
        return BlobKey.IsValid(key, out _) ? key : null;
    }
}
