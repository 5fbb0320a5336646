using System.Globalization;
using Microfactory.Network.Planning;
using Microfactory.Network.Tests.Planning;

namespace Microfactory.Planning.Benchmarks;

/// <summary>The greedy's cost against the exact optimum of the same objective on small seeded networks.</summary>
internal static class OptimumComparison
{
    public static void Run(int seeds)
    {
        foreach (var (sites, orders) in new[] { (4, 8), (5, 10) })
        {
            foreach (var mayRisk in new[] { false, true })
            {
                Compare(sites, orders, mayRisk, seeds);
            }
        }
    }

    private static void Compare(int sites, int orders, bool mayRisk, int seeds)
    {
        var request = new RebalanceRequest(0.1, 0.8, 200, mayRisk);
        var ratios = new List<double>();
        var shares = new List<double>();
        var optimal = 0;
        var skipped = 0;
        long priced = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var snapshot = NetworkGenerator.Generate(new GeneratorSettings(sites, 2, orders, seed)
            {
                RegionDegrees = 1.0,
                MinCellsPerSite = 1,
                MaxCellsPerSite = 2,
                SurgeFactor = 4,
                MeanUtilisation = 0.7,
            });
            ExactPlan exact;
            try
            {
                exact = ExactRebalancePlanner.Solve(snapshot, request);
            }
            catch (ArgumentException)
            {
                skipped++;
                continue;
            }

            var greedy = RebalancePlanner.Plan(snapshot, request).Totals.CostAfter;
            var ratio = exact.Cost > 0 ? greedy / exact.Cost : 1.0;
            ratios.Add(ratio);
            shares.Add(exact.StartCost > exact.Cost ? (exact.StartCost - greedy) / (exact.StartCost - exact.Cost) : 1.0);
            optimal += ratio <= 1 + 1e-9 ? 1 : 0;
            priced += exact.AssignmentsPriced;
        }

        if (ratios.Count == 0)
        {
            return;
        }

        ratios.Sort();
        shares.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            exact optimum, {sites} sites / {orders} orders, due dates {(mayRisk ? "may be risked" : "protected")}: {ratios.Count} instances ({skipped} too large, {priced:N0} assignments priced)
              greedy/optimum mean {ratios.Average():0.000}, median {ratios[ratios.Count / 2]:0.000}, worst {ratios[^1]:0.000}; optimal on {optimal} of {ratios.Count}
              share of the optimal cost reduction the greedy achieves: mean {shares.Average():0.000}, worst {shares[0]:0.000}
            """));
    }
}
