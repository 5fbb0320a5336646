using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class ReferenceEquivalenceTests
{
    private static readonly string[] CityIds = ["osaka", "kyoto", "nagoya", "tokyo", "fukuoka"];
    private static readonly string[] Capabilities = ["cnc", "additive", "assembly", "finishing"];
    private static readonly string[] Designs = ["bracket@1.0.0", "bracket@2.1.0", "hinge@1.0.0", "hinge@1.1.0", "gear@3.0.0", "plate@1.0.0"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void The_index_ranks_and_counts_exactly_like_the_plain_rules_on_random_networks(int seed)
    {
        var random = new Random(seed);
        RouteAgainstTheRules(random, new RoutingWeights { PerKm = random.Next(2) * 0.02 }, siteCount: 30, scatterKm: 0);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Stopping_at_the_distance_bound_picks_exactly_what_a_full_scan_picks_on_larger_scattered_networks(int seed)
    {
        var random = new Random(seed);
        var stoppedEarly = RouteAgainstTheRules(random, new RoutingWeights { PerKm = 0.02 }, siteCount: 300, scatterKm: 60);

        // The walk must actually stop early on these networks, or the comparison proves nothing about the bound.
        Assert.True(stoppedEarly > 10, $"only {stoppedEarly} of 40 routes stopped before the farthest site");
    }

    /// <summary>Builds a random network, churns it, routes 40 random orders; returns how many stopped early.</summary>
    private static int RouteAgainstTheRules(Random random, RoutingWeights weights, int siteCount, double scatterKm)
    {
        var options = new RoutingOptions { CandidatesKept = 4, Weights = weights };
        using var index = new RoutingIndex(options);
        var sites = new Dictionary<string, SiteSnapshot>();
        var cells = new Dictionary<string, CellSnapshot>();
        for (var s = 0; s < siteCount; s++)
        {
            var city = Cities.To(CityIds[random.Next(CityIds.Length)]);
            // About 111 km per degree: scatter sites around their city so distances are rarely equal.
            var location = new GeoPoint(
                city.Location.Latitude + ((random.NextDouble() - 0.5) * scatterKm / 111.0),
                city.Location.Longitude + ((random.NextDouble() - 0.5) * scatterKm / 111.0));
            Upsert(new SiteSnapshot($"site-{s:D3}", city.CityId, location, Pick(random, [SiteStatus.Online, SiteStatus.Online, SiteStatus.Online, SiteStatus.Offline, SiteStatus.Draining]),
                Connected: random.Next(6) > 0));
            for (var c = 0; c < 1 + random.Next(4); c++)
            {
                Upsert(RandomCell(random, $"site-{s:D3}/c{c}", $"site-{s:D3}"));
            }
        }

        // Churn: removals and capability changes move rows between and within buckets.
        foreach (var siteId in sites.Keys.Where(_ => random.Next(8) == 0).ToList())
        {
            index.RemoveSite(siteId);
            sites.Remove(siteId);
            foreach (var cellId in cells.Values.Where(c => c.SiteId == siteId).Select(c => c.CellId).ToList())
            {
                cells.Remove(cellId);
            }
        }

        foreach (var cell in cells.Values.Where(_ => random.Next(4) == 0).ToList())
        {
            if (random.Next(2) == 0)
            {
                index.RemoveCell(cell.CellId);
                cells.Remove(cell.CellId);
            }
            else
            {
                Upsert(RandomCell(random, cell.CellId, cell.SiteId));
            }
        }

        var stoppedEarly = 0;
        for (var o = 0; o < 40; o++)
        {
            var request = RandomOrder(random, $"order-{o}", sites.Keys.ToArray());
            var (ranked, rejections) = ReferenceRouter.Route(sites, cells, request, options.Weights);

            var decision = index.Route(request);

            Assert.Equal(ranked.Take(options.CandidatesKept), decision.TopCandidates.Select(c => c.CellId));
            Assert.Equal(cells.Count, decision.CellsEvaluated);
            Assert.Equal(cells.Count, decision.CandidateCount + decision.Rejections.Total + decision.CellsNotExamined);
            if (decision.CellsNotExamined == 0)
            {
                Assert.Equal(ranked.Count, decision.CandidateCount);
                Assert.Equal(rejections, Enum.GetValues<RejectionReason>().Select(r => decision.Rejections[r]));
            }
            else
            {
                // Stopping early only leaves cells out of the counts; it never counts one the rules would not.
                Assert.True(decision.CandidateCount <= ranked.Count);
                Assert.All(
                    Enum.GetValues<RejectionReason>().Zip(rejections),
                    pair => Assert.True(decision.Rejections[pair.First] <= pair.Second, $"{pair.First} over-counted"));
                stoppedEarly++;
            }
        }

        return stoppedEarly;

        void Upsert(object snapshot)
        {
            switch (snapshot)
            {
                case SiteSnapshot site:
                    index.UpsertSite(site);
                    sites[site.SiteId] = site;
                    break;
                case CellSnapshot cell:
                    index.UpsertCell(cell);
                    cells[cell.CellId] = cell;
                    break;
            }
        }
    }

    // Quarter hours are exact both as doubles and as ticks, so the reference and the index see identical numbers.
    private static double QuarterHours(Random random, int max) => random.Next(max * 4) / 4.0;

    private static CellSnapshot RandomCell(Random random, string cellId, string siteId) => new(
        cellId,
        siteId,
        [.. Capabilities.Where(_ => random.Next(2) == 0)],
        [.. Designs.Where(_ => random.Next(3) == 0)],
        // Few distinct speeds and backlogs, so equal scores (and the tie-breaks) come up often.
        ThroughputFactor: Pick(random, [1.0, 2.0]),
        HoursPerDay: Pick(random, [12.0, 24.0]),
        BacklogHours: Pick(random, [0.0, 2.5, 5.0, 10.0, 30.0]),
        BacklogLimitHours: Pick(random, [20.0, 40.0, 60.0]),
        State: Pick(random, [CellState.Idle, CellState.Busy, CellState.Busy, CellState.Down, CellState.Maintenance]));

    private static RoutingRequest RandomOrder(Random random, string orderId, string[] siteIds) => new(
        orderId,
        [.. Capabilities.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Pick(random, Capabilities))],
        Pick(random, Designs),
        DesignInstallable: random.Next(2) == 0,
        ChangeoverHours: QuarterHours(random, 4),
        WorkHours: 0.25 + QuarterHours(random, 12),
        DueAt: TestNetwork.Now.AddHours(random.Next(1, 72)),
        Now: TestNetwork.Now,
        Delivery: Cities.To(Pick(random, CityIds)),
        Priority: Pick(random, Enum.GetValues<OrderPriority>()),
        ExcludedSiteIds: random.Next(4) == 0 ? [.. siteIds.Where(_ => random.Next(5) == 0)] : null);

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
