using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;

namespace Microfactory.Network.Tests.Planning.Live;

/// <summary>
/// A live network with one overloaded site: every order went to osaka-01 before kyoto-01 (43 km away) and
/// tokyo-01 (400 km away) came online. Each order is 1 h of work plus a 0.5 h changeover on a 16 h/day cell.
/// </summary>
internal static class OverloadedOsaka
{
    public const int Orders = 20;

    public static readonly PlanParameters Rules = new(null, 0.2, 0.9, 100, MayRiskDueDates: false, null);

    public static async Task SeedAsync(NetworkNode node, int orders = Orders)
    {
        await node.DefineCityAsync("osaka", 34.6937, 135.5023);
        await node.DefineCityAsync("kyoto", 35.0116, 135.7681);
        await node.DefineCityAsync("tokyo", 35.6762, 139.6503);
        await node.RegisterDesignAsync("bracket", "1.0.0", "cnc");
        await node.AddSiteAsync("osaka-01", "osaka", 34.70, 135.50, "cnc");
        for (var i = 0; i < orders; i++)
        {
            await node.SubmitAsync(Key(i));
        }

        await node.AddSiteAsync("kyoto-01", "kyoto", 35.01, 135.77, "cnc");
        await node.AddSiteAsync("tokyo-01", "tokyo", 35.68, 139.65, "cnc");
    }

    public static string Key(int i) => $"order-{i:00}";

    /// <summary>Where the order's jobs are, over every site: (site, job id) of each queued or running job.</summary>
    public static async Task<List<(string Site, string JobId)>> JobsOfAsync(NetworkNode node, string orderId)
    {
        var jobs = new List<(string, string)>();
        foreach (var siteId in new[] { "osaka-01", "kyoto-01", "tokyo-01" })
        {
            var site = (await node.Grains.GetGrain<ISiteGrain>(siteId).GetAsync())!;
            jobs.AddRange(site.Cells.SelectMany(c => c.Queue).Where(j => j.OrderId == orderId).Select(j => (siteId, j.JobId)));
        }

        return jobs;
    }

    public static Task<OrderView?> OrderAsync(NetworkNode node, string orderId) => node.Grains.GetGrain<IOrderGrain>(orderId).GetAsync();
}
