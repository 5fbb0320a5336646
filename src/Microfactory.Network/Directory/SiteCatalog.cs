using System.Collections.Concurrent;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Directory;

/// <summary>The last published view of every site on this node: listings and filters without activating grains.</summary>
public sealed class SiteCatalog
{
    private readonly ConcurrentDictionary<string, SiteView> _sites = new(StringComparer.Ordinal);

    /// <summary>Raised when a site appears or its status, agent connection or cells change: unroutable orders may now have a home.</summary>
    public event Action? NetworkChanged;

    public void Upsert(SiteView site)
    {
        SiteView? previous = null;
        var stored = _sites.AddOrUpdate(site.Id, site, (_, old) =>
        {
            previous = old;
            return old.Version > site.Version ? old : site;
        });
        if (ReferenceEquals(stored, site) && (previous is null || ShapeChanged(previous, site)))
        {
            NetworkChanged?.Invoke();
        }
    }

    private static bool ShapeChanged(SiteView before, SiteView after) =>
        before.Status != after.Status
        || before.Connected != after.Connected
        || before.Cells.Count != after.Cells.Count
        || before.Cells.Zip(after.Cells).Any(p => p.First.State != p.Second.State || p.First.InstalledDesigns.Count != p.Second.InstalledDesigns.Count
            || p.First.Maintenance != p.Second.Maintenance);

    public bool TryGet(string id, out SiteView site) => _sites.TryGetValue(id, out site!);

    public int Count => _sites.Count;

    public IReadOnlyList<SiteView> All() => _sites.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
}
