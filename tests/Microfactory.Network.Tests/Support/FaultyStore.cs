using Microfactory.Storage;

namespace Microfactory.Network.Tests.Support;

/// <summary>
/// A store that dies at a chosen write, as a process crash would: the write does not happen and the call throws, and
/// so does every write after it until <see cref="Heal"/> (a dead process writes nothing more). Wraps a real backend, so everything else is the real behaviour.
/// </summary>
public sealed class FaultyStore(IBlobStore inner) : IBlobStore
{
    private int _writes;
    private int _failAt = int.MaxValue;

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The <paramref name="n"/>-th write from now (1-based) fails.</summary>
    public void FailWrite(int n)
    {
        Interlocked.Exchange(ref _writes, 0);
        Volatile.Write(ref _failAt, n);
    }

    public void Heal() => Volatile.Write(ref _failAt, int.MaxValue);

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        Write(key);
        return inner.PutAsync(key, content, condition, cancellationToken);
    }

    private void Write(string key)
    {
        if (Interlocked.Increment(ref _writes) >= Volatile.Read(ref _failAt))
        {
            throw new SimulatedCrashException(key);
        }
    }

    public Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, condition, cancellationToken);

    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default) => inner.UploadAsync(key, content, condition, cancellationToken);

    public Task CheckReadyAsync(CancellationToken cancellationToken = default) => inner.CheckReadyAsync(cancellationToken);
}

public sealed class SimulatedCrashException(string key) : Exception($"Simulated crash while writing '{key}'.")
{
    /// <summary>
    /// Whether <paramref name="exception"/> is the crash, as callers of a grain see it: Orleans reports a storage
    /// provider's failure as an OrleansException around it (and may wrap that again on the way back).
    /// </summary>
    public static bool IsCrash(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SimulatedCrashException)
            {
                return true;
            }
        }

        return false;
    }
}
