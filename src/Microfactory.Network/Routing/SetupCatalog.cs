using System.Collections.Concurrent;

namespace Microfactory.Network.Routing;

/// <summary>
/// Setup keys (design plus changeover parameter values) as small ids, so the scan compares integers. Thread-safe: a
/// placement interns its order's setup under the index's read lock. Id 0 is never given out: it means "unknown".
/// </summary>
internal sealed class SetupCatalog
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private int _last;

    public int Intern(string setup) => _ids.GetOrAdd(setup, _ => Interlocked.Increment(ref _last));

    /// <summary>The id, or -1 when no cell was ever set up for it (then every cell with a known setup differs).</summary>
    public int Find(string setup) => _ids.TryGetValue(setup, out var id) ? id : -1;
}
