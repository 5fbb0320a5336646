using System.Text.Json;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class DecisionSerializationTests
{
    [Fact]
    public void A_routed_decision_survives_a_json_round_trip_with_its_candidates_and_reasons()
    {
        using var network = new TestNetwork()
            .Site("osaka-2", "osaka").Cell("osaka-2/c1", "osaka-2", backlogHours: 3)
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1")
            .Site("kyoto-1", "kyoto", SiteStatus.Offline).Cell("kyoto-1/c1", "kyoto-1");
        var decision = network.Index.Route(TestNetwork.Order(priority: OrderPriority.High));

        var json = JsonSerializer.Serialize(decision);
        var restored = JsonSerializer.Deserialize<RoutingDecision>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.Equal("osaka-2", restored.Chosen?.SiteId);
        Assert.Equal(decision.Chosen!.Components, restored.Chosen!.Components);
        Assert.Equal(decision.TopCandidates.Select(c => c.CellId), restored.TopCandidates.Select(c => c.CellId));
        Assert.Equal(1, restored.Rejections.SiteOffline);
        Assert.Equal(decision.Weights, restored.Weights);
        Assert.Equal(decision.Explain(), restored.Explain());
        Assert.StartsWith("Order order-1 went to osaka-2/c1 with score ", restored.Explain(), StringComparison.Ordinal);
        Assert.EndsWith("best of 2 candidates among 3 cells, 1 rejected.", restored.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unroutable_decision_keeps_its_reason_through_json()
    {
        using var network = new TestNetwork().Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", capabilities: ["additive"]);
        var decision = network.Index.Route(TestNetwork.Order());

        var restored = JsonSerializer.Deserialize<RoutingDecision>(JsonSerializer.Serialize(decision))!;

        Assert.False(restored.IsRouted);
        Assert.Equal("no cell has capabilities [cnc]", restored.UnroutableReason);
        Assert.Equal(decision.Rejections, restored.Rejections);
    }
}
