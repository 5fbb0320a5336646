namespace Microfactory.Storage.LocalDirectory;

/// <summary>
/// Serialises the check-then-rename of conditional writes per key, within this process and across processes sharing
/// the directory. Keys hash onto a fixed set of lock files (so lock files never need deleting, which would race),
/// each held with an exclusive OS lock (flock on Unix, a share-none handle on Windows) for the few microseconds of
/// the check and rename. A semaphore per stripe keeps this process's own writers queued instead of polling the OS lock.
/// </summary>
internal sealed class KeyLocks
{
    private const int Stripes = 64;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(20);

    private readonly string _directory;
    private readonly TimeSpan _timeout;
    // Always the real clock: lock waits are real I/O waits, even when the caller's clock is a test's manual one.
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly SemaphoreSlim[] _local = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public KeyLocks(string directory, TimeSpan timeout)
    {
        _directory = directory;
        _timeout = timeout;
    }

    public async Task<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(key);
        var started = _time.GetTimestamp();
        if (!await _local[stripe].WaitAsync(_timeout, cancellationToken).ConfigureAwait(false))
        {
            throw Timeout(key);
        }

        try
        {
            var path = Path.Combine(_directory, $"{stripe:D2}.lock");
            var backoff = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                try
                {
                    var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                    return new Held(handle, _local[stripe]);
                }
                catch (IOException) when (_time.GetElapsedTime(started) < _timeout)
                {
                    // Another process holds this stripe; it releases within microseconds unless it died, and the OS
                    // drops a dead process's lock with its handles.
                }
                catch (IOException e)
                {
                    throw Timeout(key, e);
                }

                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        catch
        {
            _local[stripe].Release();
            throw;
        }
    }

    private TimeoutException Timeout(string key, Exception? inner = null) =>
        new($"Could not lock blob '{key}' in '{_directory}' within {_timeout.TotalSeconds:0.#}s: another writer holds it.", inner);

    // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
    private static int StripeOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Stripes);
    }

    private sealed class Held(FileStream handle, SemaphoreSlim local) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await handle.DisposeAsync().ConfigureAwait(false);
            local.Release();
        }
    }
}
