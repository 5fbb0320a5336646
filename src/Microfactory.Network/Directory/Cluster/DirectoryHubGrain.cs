using System.Diagnostics;
using Orleans;

namespace Microfactory.Network.Directory.Cluster;

/// <summary>
/// Fans read-model batches out to one observer per silo (Orleans' BroadcastChannel reaches one grain, not one per
/// silo). A silo that stops refreshing (it died) is dropped after <see cref="Expiry"/>; calls to it until then are one
/// way and cost the sender nothing.
/// </summary>
[GrainType("directory-hub")]
public sealed class DirectoryHubGrain : Grain, IDirectoryHubGrain
{
    /// <summary>Several of the feeds' refresh periods: a live silo is never dropped between two refreshes.</summary>
    public static readonly TimeSpan Expiry = ClusterDirectoryFeed.RefreshInterval * 6;

    private readonly Guid _epoch = Guid.NewGuid();
    private readonly Dictionary<string, (IDirectoryFeedObserver Observer, long Seen)> _silos = new(StringComparer.Ordinal);

    public Task<Guid> SubscribeAsync(string silo, IDirectoryFeedObserver observer)
    {
        Refresh(silo, observer);
        return Task.FromResult(_epoch);
    }

    public Task<Guid> PublishAsync(string silo, IDirectoryFeedObserver observer, DirectoryChanges changes)
    {
        Refresh(silo, observer);
        foreach (var (other, entry) in _silos)
        {
            if (other != silo)
            {
                _ = entry.Observer.ApplyAsync(changes);
            }
        }

        return Task.FromResult(_epoch);
    }

    private void Refresh(string silo, IDirectoryFeedObserver observer)
    {
        var now = Stopwatch.GetTimestamp();
        _silos[silo] = (observer, now);
        foreach (var stale in _silos.Where(s => Stopwatch.GetElapsedTime(s.Value.Seen, now) > Expiry).Select(s => s.Key).ToList())
        {
            _silos.Remove(stale);
        }
    }
}
