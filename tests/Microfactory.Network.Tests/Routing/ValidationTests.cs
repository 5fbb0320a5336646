using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class ValidationTests
{
    public static TheoryData<RoutingRequest, string> BadRequests() => new()
    {
        { TestNetwork.Order(orderId: " "), nameof(RoutingRequest.OrderId) },
        { TestNetwork.Order(capabilities: []), nameof(RoutingRequest.RequiredCapabilities) },
        { TestNetwork.Order(capabilities: ["cnc", ""]), nameof(RoutingRequest.RequiredCapabilities) },
        { TestNetwork.Order(design: "bracket"), nameof(RoutingRequest.Design) },
        { TestNetwork.Order(design: "bracket@"), nameof(RoutingRequest.Design) },
        { TestNetwork.Order(design: "my bracket@1.0"), nameof(RoutingRequest.Design) },
        { TestNetwork.Order(workHours: 0), nameof(RoutingRequest.WorkHours) },
        { TestNetwork.Order(workHours: double.NaN), nameof(RoutingRequest.WorkHours) },
        { TestNetwork.Order(changeoverHours: -1), nameof(RoutingRequest.ChangeoverHours) },
        { TestNetwork.Order(priority: (OrderPriority)7), nameof(RoutingRequest.Priority) },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_malformed_request_is_refused_naming_the_field(RoutingRequest request, string field)
    {
        using var network = new TestNetwork().Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1");

        var error = Assert.ThrowsAny<ArgumentException>(() => network.Index.Place(request));

        Assert.Equal(field, error.ParamName);
        Assert.Equal(0, network.Index.GetBacklogHours("osaka-1/c1"));
    }

    [Fact]
    public void A_cell_of_an_unknown_site_is_refused_with_both_ids()
    {
        using var network = new TestNetwork();

        var error = Assert.Throws<InvalidOperationException>(() => network.Cell("ghost/c1", "ghost"));

        Assert.Contains("'ghost/c1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(1, 0)]
    [InlineData(1, 25)]
    [InlineData(double.PositiveInfinity, 8)]
    public void A_cell_with_impossible_speed_or_hours_is_refused(double throughputFactor, double hoursPerDay)
    {
        using var network = new TestNetwork().Site("osaka-1", "osaka");

        Assert.Throws<ArgumentOutOfRangeException>(
            () => network.Cell("osaka-1/c1", "osaka-1", throughputFactor: throughputFactor, hoursPerDay: hoursPerDay));
        Assert.Equal(0, network.Index.CellCount);
    }

    [Fact]
    public void A_negative_weight_is_refused_by_name()
    {
        var options = new RoutingOptions { Weights = new RoutingWeights { PerLateHour = -1 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RoutingIndex(options));

        Assert.Equal(nameof(RoutingWeights.PerLateHour), error.ParamName);
    }
}
