using Microfactory.Network.Kpis;
using Microsoft.Extensions.Options;
using Orleans;
using Microfactory.Network.Cells;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Planning.Live;

/// <summary>
/// Freezes the live network into a <see cref="NetworkSnapshot"/>: sites and cells (capacity, state and installed
/// designs as the agents last reported them) and queues from the site grains, due dates and priorities from the
/// jobs as assigned, work and changeover hours from the designs, delivery points from the cities.
/// </summary>
public sealed class LiveSnapshotBuilder(IGrainFactory grains, NetworkDirectory directory, TimeProvider time, IOptions<KpiOptions> kpis)
{
    public async Task<LiveSnapshot> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var designs = new Dictionary<string, DesignVersion?>(StringComparer.Ordinal);
        var sites = new List<PlanningSite>();
        var orders = new List<QueuedOrder>();
        var running = new List<RunningJob>();
        var jobIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var listed in directory.Sites.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var siteGrain = grains.GetGrain<ISiteGrain>(listed.Id);
            if (await siteGrain.GetAsync() is not { } site)
            {
                continue;
            }

            var assigned = (await siteGrain.ActiveJobsAsync()).ToDictionary(j => j.JobId, StringComparer.Ordinal);
            var cells = new List<PlanningCell>();
            foreach (var cell in site.Cells)
            {
                cells.Add(new PlanningCell(cell.Id, cell.Capabilities, cell.InstalledDesigns, cell.HoursPerDay, cell.ThroughputFactor,
                    cell.Queue.Where(j => j.Status == CellJobStatus.Running).Sum(j => j.RemainingHours), cell.State));
                foreach (var job in cell.Queue)
                {
                    if (!assigned.TryGetValue(job.JobId, out var assignment))
                    {
                        continue; // finished or withdrawn between the two reads
                    }

                    if (job.Status == CellJobStatus.Running)
                    {
                        running.Add(new RunningJob(job.OrderId, site.Id, cell.Id, job.RemainingHours, assignment.DueAt));
                        continue;
                    }

                    if (await QueuedOrderAsync(site.Id, cell.Id, job, assignment, designs) is { } order)
                    {
                        orders.Add(order);
                        jobIds[order.OrderId] = job.JobId;
                    }
                }
            }

            sites.Add(new PlanningSite(site.Id, site.CityId, site.Location, site.Status, site.Connected, cells) { DisconnectedSince = site.DisconnectedSince });
        }

        return new LiveSnapshot(new NetworkSnapshot(now, sites, orders), jobIds, running);
    }

    private async Task<QueuedOrder?> QueuedOrderAsync(
        string siteId, string cellId, CellJob job, JobAssignment assignment, Dictionary<string, DesignVersion?> designs)
    {
        // Only an order the directory shows queued at this site is a candidate; anything else is on its way somewhere.
        if (!directory.Orders.TryGet(job.OrderId, out var summary)
            || summary.SiteId != siteId
            || summary.Status is not (OrderStatus.Dispatched or OrderStatus.Accepted)
            || !directory.Cities.TryGet(summary.DeliveryCityId, out var city))
        {
            return null;
        }

        if (!designs.TryGetValue(job.Design, out var design))
        {
            var at = job.Design.LastIndexOf('@');
            design = at <= 0 ? null : await grains.GetGrain<IDesignGrain>(job.Design[..at]).GetVersionAsync(job.Design[(at + 1)..]);
            designs[job.Design] = design;
        }

        if (design is null)
        {
            return null;
        }

        return new QueuedOrder(job.OrderId, siteId, cellId, design.Capabilities, job.Design, design.WorkHours(job.Quantity),
            design.Changeover.TotalHours, assignment.DueAt, assignment.Priority, new DeliveryLocation(city.Id, city.Location))
        {
            Co2GramsPerKm = KpiCalculator.For(directory, kpis.Value).GramsPerKm(summary.DeliveryMode),
        };
    }
}
