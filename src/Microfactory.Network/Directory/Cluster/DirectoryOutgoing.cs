using Microfactory.Network.Cities;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Directory.Cluster;

/// <summary>
/// The publications of this silo's grains not yet handed to the other silos, collapsed to the latest per id so a
/// busy order or site costs one entry per batch however often it was written. Off (nothing kept) until a
/// <see cref="ClusterDirectoryFeed"/> runs: a node without one (tests of the domain alone) keeps no backlog.
/// </summary>
public sealed class DirectoryOutgoing
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, City> _cities = new(StringComparer.Ordinal);
    private HashSet<string> _removedCells = new(StringComparer.Ordinal);
    private Dictionary<string, SiteView> _sites = new(StringComparer.Ordinal);
    private Dictionary<string, OrderSummary> _orders = new(StringComparer.Ordinal);
    private Dictionary<string, RolloutSummary> _rollouts = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    /// <summary>True once a feed hands this silo's changes to the others (a cluster, or a single silo that may grow into one).</summary>
    public bool Enabled => _enabled;

    /// <summary>
    /// Completes when this silo receives the other silos' changes; a loader scans the store only after it, so nothing
    /// written between its scan and its subscription is missed.
    /// </summary>
    public Task Joined => _joined.Task;

    internal void Enable() => _enabled = true;

    internal void MarkJoined() => _joined.TrySetResult();

    public void Add(City city) => Keep(_cities, city.Id, city, static (_, _) => true);

    public void Add(SiteView site) => Keep(_sites, site.Id, site, static (old, now) => now.Version >= old.Version);

    public void Add(OrderSummary order) => Keep(_orders, order.Id, order, static (old, now) => now.Version >= old.Version);

    public void Add(RolloutSummary rollout) => Keep(_rollouts, rollout.Id, rollout, static (old, now) => now.UpdatedAt >= old.UpdatedAt);

    public void RemoveCell(string cellKey)
    {
        if (_enabled)
        {
            lock (_gate)
            {
                _removedCells.Add(cellKey);
            }
        }
    }

    /// <summary>Everything kept so far, or null when nothing is; what is taken is no longer kept.</summary>
    public DirectoryChanges? Take()
    {
        lock (_gate)
        {
            if (_cities.Count + _removedCells.Count + _sites.Count + _orders.Count + _rollouts.Count == 0)
            {
                return null;
            }

            var changes = new DirectoryChanges([.. _cities.Values], [.. _removedCells], [.. _sites.Values], [.. _orders.Values], [.. _rollouts.Values]);
            _cities = new(StringComparer.Ordinal);
            _removedCells = new(StringComparer.Ordinal);
            _sites = new(StringComparer.Ordinal);
            _orders = new(StringComparer.Ordinal);
            _rollouts = new(StringComparer.Ordinal);
            return changes;
        }
    }

    /// <summary>A batch that could not be sent goes back, under anything newer kept since.</summary>
    public void PutBack(DirectoryChanges changes)
    {
        foreach (var city in changes.Cities)
        {
            Keep(_cities, city.Id, city, static (_, _) => false);
        }

        foreach (var cell in changes.RemovedCells)
        {
            RemoveCell(cell);
        }

        foreach (var site in changes.Sites)
        {
            Add(site);
        }

        foreach (var order in changes.Orders)
        {
            Add(order);
        }

        foreach (var rollout in changes.Rollouts)
        {
            Add(rollout);
        }
    }

    private void Keep<T>(Dictionary<string, T> kept, string id, T value, Func<T, T, bool> replaces)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (!kept.TryGetValue(id, out var old) || replaces(old, value))
            {
                kept[id] = value;
            }
        }
    }
}
