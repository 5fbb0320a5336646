using Microfactory.Network.Directory;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Sites;

/// <summary>Turns a site's stored state into its view and pushes it to this node's directory and routing index.</summary>
public static class SitePublisher
{
    public static SiteView ToView(string siteId, SiteGrainState state)
    {
        var cells = state.Cells.Values.OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c with { AgentReported = state.HelloCells?.ContainsKey(c.Id) })
            .ToList();
        // A disconnected site stays Online until lost_after (its queue is delivered when the agent returns), but routing
        // gives it no new work: the snapshot carries Connected.
        var status = state.Draining ? SiteStatus.Draining : state.Lost ? SiteStatus.Offline : SiteStatus.Online;
        return new SiteView(
            siteId,
            state.Name,
            state.CityId,
            new GeoPoint(state.Latitude, state.Longitude),
            status,
            state.Draining,
            state.Connected,
            state.LastSeen,
            state.RegisteredAt,
            cells,
            cells.Sum(c => c.CapacityHoursPerDay),
            cells.Sum(c => c.BacklogHours),
            cells.Sum(c => c.QueuedJobs),
            cells.Sum(c => c.RunningJobs),
            state.Version)
        {
            DisconnectedSince = state.Connected ? null : state.DisconnectedSince,
            AgentMismatches = [.. state.AgentMismatches],
        };
    }

    /// <summary>
    /// The view as a silo may hold it before the site's grain confirms it: not connected (a stored "connected" proves
    /// nothing about a live stream). Same version, so the grain's own publication of that version replaces it.
    /// </summary>
    public static SiteView Unproven(SiteView view) =>
        view.Connected ? view with { Connected = false, DisconnectedSince = view.LastSeen ?? view.RegisteredAt } : view;

    /// <summary>A site grain on this silo wrote: its view goes to this silo's read model and, with the next batch, to every other.</summary>
    public static void Share(NetworkDirectory directory, SiteView view)
    {
        Publish(directory, view);
        directory.Outgoing.Add(view);
    }

    /// <summary>Applies a view to this silo's read model; an older version than the one it holds (a late batch) changes nothing.</summary>
    public static void Publish(NetworkDirectory directory, SiteView view)
    {
        if (directory.Sites.TryGet(view.Id, out var held) && held.Version > view.Version)
        {
            return;
        }

        // Routing first: the catalog's change event wakes the recovery of unroutable orders, which must find the site routable.
        directory.Routing.UpsertSite(new SiteSnapshot(view.Id, view.CityId, view.Location, view.Status, view.Connected));
        foreach (var cell in view.Cells)
        {
            directory.Routing.UpsertCell(cell.ToSnapshot());
        }

        directory.Sites.Upsert(view);
    }
}
