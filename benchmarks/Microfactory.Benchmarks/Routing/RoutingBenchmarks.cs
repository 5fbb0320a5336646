using BenchmarkDotNet.Attributes;
using Microfactory.Network.Routing;

namespace Microfactory.Benchmarks.Routing;

/// <summary>
/// Placements per second on one node. A placement routes one order over every cell and reserves its load on
/// the chosen cell; the benchmark then releases that load (the order "completes") so the network stays in a
/// steady state across millions of iterations instead of filling up. 100 sites is the baseline size.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int CellsPerSite = 4;
    private const int OrderCount = 4096;
    private const int BatchPerThread = 512;

    private RoutingIndex _index = null!;
    private RoutingRequest[] _orders = [];
    private int _next;

    [Params(100, 1000)]
    public int Sites { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticNetwork.Build(Sites, CellsPerSite, seed: 42, out var cities);
        _orders = SyntheticNetwork.Orders(OrderCount, cities, seed: 7);
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    /// <summary>Scoring only: what an explanation preview or a dry run costs.</summary>
    [Benchmark(Baseline = true)]
    public RoutingDecision Route() => _index.Route(NextOrder());

    /// <summary>Route, reserve on the chosen cell, and release it again (completion) to stay in a steady state.</summary>
    [Benchmark]
    public RoutingDecision Place() => PlaceAndComplete(NextOrder());

    /// <summary>Two threads placing at once, as concurrent order grains do; reported per placement.</summary>
    [Benchmark(OperationsPerInvoke = 2 * BatchPerThread)]
    public void PlaceOnTwoThreads()
    {
        var other = Task.Run(() => PlaceBatch(BatchPerThread));
        PlaceBatch(0);
        other.Wait();
    }

    private void PlaceBatch(int offset)
    {
        for (var i = 0; i < BatchPerThread; i++)
        {
            PlaceAndComplete(_orders[(offset + i) % OrderCount]);
        }
    }

    private RoutingDecision PlaceAndComplete(RoutingRequest order)
    {
        var decision = _index.Place(order);
        if (decision.Chosen is { } chosen)
        {
            _index.Release(chosen.CellId, chosen.Components.LoadHours);
        }

        return decision;
    }

    private RoutingRequest NextOrder() => _orders[_next++ & (OrderCount - 1)];
}
