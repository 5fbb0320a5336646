using System.Runtime.CompilerServices;

namespace Microfactory.Storage.LocalDirectory;

/// <summary>
/// The embedded default store: one file per blob under a directory, so state persists across restarts with no server.
/// Writes go to a temp file that is renamed over the blob (readers see the old or the new blob, never a torn one);
/// conditional writes check the ETag and rename under a per-key OS file lock, so several processes may share the
/// directory. Blob files are never modified in place, which is what lets reads and listings go without locks.
/// </summary>
public sealed class LocalDirectoryBlobStore : IBlobStore
{
    private const int CopyBufferSize = 81920;

    private static readonly EnumerationOptions WalkEverything = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.None, // keys may start with '.', which Unix calls hidden
        MatchType = MatchType.Simple,
        MatchCasing = MatchCasing.CaseSensitive,
    };

    private readonly LocalKeyPaths _paths;
    private readonly LocalDirectoryStoreOptions _options;
    private readonly KeyLocks _locks;
    private readonly WriterTempDirectory _temp;
    private volatile bool _layoutReady;

    public LocalDirectoryBlobStore(string directory, LocalDirectoryStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _paths = new LocalKeyPaths(directory);
        _options = options ?? new LocalDirectoryStoreOptions();
        _locks = new KeyLocks(_paths.LocksRoot, _options.LockTimeout);
        _temp = new WriterTempDirectory(_paths.TempRoot, _options.AbandonedTempFileAge);
    }

    /// <summary>The full path of the store's directory.</summary>
    public string Directory => _paths.Root;

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = LocalBlobFile.OpenRead(_paths.FileFor(key));
        if (file is null)
        {
            return null;
        }

        await using (file.ConfigureAwait(false))
        {
            var etag = await LocalBlobFile.ReadETagAsync(file, cancellationToken).ConfigureAwait(false);
            var content = new byte[file.Length - LocalBlobFile.HeaderSize];
            await file.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new StoredBlob(content, etag);
        }
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default) =>
        WriteAsync(key, (file, ct) => file.WriteAsync(content, ct).AsTask(), condition, cancellationToken);

    public Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync(key, (file, ct) => content.CopyToAsync(file, CopyBufferSize, ct), condition, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        var path = _paths.FileFor(key);
        EnsureLayout();
        await using (await _locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var current = await LocalBlobFile.CurrentETagAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null && condition.IfMatch is null)
            {
                return false;
            }

            StoreConditions.CheckDelete(key, current, condition);
            File.Delete(path);
        }

        if (_options.DurableWrites)
        {
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }

        return true;
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var start = _paths.DirectoryForPrefix(prefix);
        if (!System.IO.Directory.Exists(start))
        {
            yield break;
        }

        // Names only, then sorted: the file system's order is not ordinal, and content is read one blob at a time.
        var keys = System.IO.Directory.EnumerateFiles(start, "*" + LocalKeyPaths.FileSuffix, WalkEverything)
            .Select(_paths.KeyFor)
            .OfType<string>()
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        keys.Sort(StringComparer.Ordinal);

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = LocalBlobFile.OpenRead(_paths.FileFor(key), bufferSize: 1);
            if (file is null)
            {
                continue; // deleted since the walk
            }

            await using (file.ConfigureAwait(false))
            {
                var etag = await LocalBlobFile.ReadETagAsync(file, cancellationToken).ConfigureAwait(false);
                var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle), TimeSpan.Zero);
                yield return new BlobEntry(key, etag, file.Length - LocalBlobFile.HeaderSize, modified);
            }
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = LocalBlobFile.OpenRead(_paths.FileFor(key), CopyBufferSize);
        if (file is null)
        {
            return null;
        }

        try
        {
            await LocalBlobFile.ReadETagAsync(file, cancellationToken).ConfigureAwait(false);
            return new BlobContentStream(file);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Proves the directory is writable (and removes temp files that writers which died left behind).</summary>
    public async Task CheckReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _layoutReady = false;
            EnsureLayout();
            var probe = Path.Combine(_temp.Path, $"ready-{Guid.NewGuid():N}.probe");
            var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync("ready"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"Local directory store at '{_paths.Root}' is not writable: {e.Message}", e);
        }
    }

    private async Task<string> WriteAsync(string key, Func<Stream, CancellationToken, Task> writeContent, WriteCondition condition,
        CancellationToken cancellationToken)
    {
        var target = _paths.FileFor(key);
        EnsureLayout();
        var version = Random.Shared.NextInt64();
        var temp = Path.Combine(_temp.Path, $"{Guid.NewGuid():N}.tmp");
        try
        {
            // The content is written before the lock is taken, so a slow upload never holds up other writers.
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(LocalBlobFile.Header(version), cancellationToken).ConfigureAwait(false);
                await writeContent(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (_options.DurableWrites)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            var directory = Path.GetDirectoryName(target)!;
            await using (await _locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
            {
                var current = await LocalBlobFile.CurrentETagAsync(target, cancellationToken).ConfigureAwait(false);
                StoreConditions.Check(key, current, condition);
                System.IO.Directory.CreateDirectory(directory);
                File.Move(temp, target, overwrite: true);
            }

            if (_options.DurableWrites)
            {
                DirectorySync.Flush(directory);
            }

            return ETags.FromVersion(version);
        }
        finally
        {
            File.Delete(temp); // a no-op once renamed
        }
    }

    private void EnsureLayout()
    {
        if (_layoutReady)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(_paths.BlobsRoot);
        System.IO.Directory.CreateDirectory(_paths.TempRoot);
        System.IO.Directory.CreateDirectory(_paths.LocksRoot);

        // Once per instance (and on every readiness check): a crashed writer's leftovers go when the store is next used.
        _temp.RemoveAbandoned();
        _temp.Ensure();
        _layoutReady = true;
    }
}
