using System.Collections.Concurrent;
using System.Diagnostics;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class RoutingTelemetryTests
{
    [Fact]
    public void A_placement_is_a_span_that_says_where_the_order_went_or_why_it_could_not()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RoutingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var network = new TestNetwork().Site("osaka-2", "osaka").Cell("osaka-2/c1", "osaka-2");

        network.Index.Place(TestNetwork.Order(orderId: "telemetry-routed"));
        network.Index.Route(TestNetwork.Order(orderId: "telemetry-unroutable", capabilities: ["additive"]));

        var routed = spans.Single(s => (string?)s.GetTagItem("mf.order.id") == "telemetry-routed");
        Assert.Equal("routing.place", routed.OperationName);
        Assert.Equal("osaka-2", routed.GetTagItem("mf.site.id"));
        Assert.Equal("osaka-2/c1", routed.GetTagItem("mf.cell.id"));
        var unroutable = spans.Single(s => (string?)s.GetTagItem("mf.order.id") == "telemetry-unroutable");
        Assert.Equal(ActivityStatusCode.Error, unroutable.Status);
        Assert.Equal("no cell has capabilities [additive]", unroutable.GetTagItem("mf.routing.unroutable_reason"));
    }
}
