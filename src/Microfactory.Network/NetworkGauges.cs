using System.Diagnostics.Metrics;
using Microfactory.Network.Directory;
using Microfactory.Network.Link;
using Microsoft.Extensions.Hosting;

namespace Microfactory.Network;

/// <summary>
/// Gauges read from this node's live picture when a metrics reader collects: agents connected here, and utilisation
/// (backlog hours over one day of capacity) per site and per city. Their meter lives and dies with the host, so test
/// hosts in one process do not pile up callbacks on a shared static meter.
/// </summary>
internal sealed class NetworkGauges(NetworkDirectory directory, SiteSessions sessions) : IHostedService, IDisposable
{
    private Meter? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _meter = new Meter(NetworkDiagnostics.NetworkName);
        _meter.CreateObservableGauge<int>("mf.agents.connected", () => sessions.Count, "{agent}", "Site agents holding a Connect stream to this node");
        _meter.CreateObservableGauge<double>("mf.site.utilisation", SiteUtilisation, "1", "A site's backlog hours over one day of its capacity");
        _meter.CreateObservableGauge<double>("mf.city.utilisation", CityUtilisation, "1", "A city's backlog hours over one day of its sites' capacity");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _meter?.Dispose();
        _meter = null;
    }

    private IEnumerable<Measurement<double>> SiteUtilisation() =>
        directory.Sites.All()
            .Where(s => s.CapacityHoursPerDay > 0)
            .Select(s => new Measurement<double>(s.BacklogHours / s.CapacityHoursPerDay, new("mf.site.id", s.Id), new("mf.city.id", s.CityId)));

    private IEnumerable<Measurement<double>> CityUtilisation() =>
        directory.Sites.All()
            .GroupBy(s => s.CityId, StringComparer.Ordinal)
            .Select(g => (City: g.Key, Capacity: g.Sum(s => s.CapacityHoursPerDay), Backlog: g.Sum(s => s.BacklogHours)))
            .Where(c => c.Capacity > 0)
            .Select(c => new Measurement<double>(c.Backlog / c.Capacity, new KeyValuePair<string, object?>("mf.city.id", c.City)));
}
