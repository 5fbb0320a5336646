using Orleans;
using Orleans.Concurrency;

namespace Microfactory.Network.Directory.Cluster;

/// <summary>One silo's read model, as the hub calls it: a grain observer the silo's feed registered.</summary>
[Alias("directory-feed-observer")]
public interface IDirectoryFeedObserver : IGrainObserver
{
    [OneWay]
    Task ApplyAsync(DirectoryChanges changes);
}

/// <summary>
/// The registry of every silo's read model (one grain, key 0): each silo's feed subscribes its observer and hands
/// over its batches, which the hub passes to every other subscribed silo. It keeps only memory; its epoch (new with
/// each activation) tells a feed that the hub was re-activated and batches may have passed it by.
/// </summary>
[Alias("directory-hub")]
public interface IDirectoryHubGrain : IGrainWithIntegerKey
{
    /// <summary>Registers (or refreshes) <paramref name="silo"/>'s observer; returns the hub's epoch.</summary>
    Task<Guid> SubscribeAsync(string silo, IDirectoryFeedObserver observer);

    /// <summary>Refreshes the publisher's subscription and passes <paramref name="changes"/> to every other silo; returns the hub's epoch.</summary>
    Task<Guid> PublishAsync(string silo, IDirectoryFeedObserver observer, DirectoryChanges changes);
}
