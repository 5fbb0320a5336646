namespace Microfactory.Storage.LocalDirectory;

public sealed class LocalDirectoryStoreOptions
{
    /// <summary>
    /// Flush each written file and its directory to disk before the write returns, so an acknowledged write survives
    /// a power cut. Turn off only for throwaway data (tests, benchmarks of everything but the disk).
    /// </summary>
    public bool DurableWrites { get; set; } = true;

    /// <summary>How long a conditional write waits for another writer of the same key (in any process) before giving up.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Loose temp files directly in <c>tmp/</c> (the layout before per-writer temp directories) older than this are a
    /// crashed writer's leftovers. Per-writer directories need no age: a dead writer's lock is gone at once.
    /// </summary>
    public TimeSpan AbandonedTempFileAge { get; set; } = TimeSpan.FromHours(6);
}
