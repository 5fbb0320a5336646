using Microfactory.Network.Planning;

namespace Microfactory.Network.Tests.Planning;

public class DeterminismTests
{
    [Fact]
    public void Same_input_gives_the_same_plan_whatever_order_the_sites_are_listed_in()
    {
        var snapshot = NetworkGenerator.Generate(new GeneratorSettings(Sites: 60, Cities: 6, Orders: 3000, Seed: 11));
        var reversed = snapshot with { Sites = [.. snapshot.Sites.Reverse()] };
        var request = new RebalanceRequest(0.2, 0.9, 300, MayRiskDueDates: false);

        var first = RebalancePlanner.Plan(snapshot, request);
        var second = RebalancePlanner.Plan(snapshot, request);
        var third = RebalancePlanner.Plan(reversed, request);

        Assert.NotEmpty(first.Moves);
        Assert.Equal(first.Moves, second.Moves);
        Assert.Equal(first.Moves, third.Moves);
        Assert.Equal(first.Unmoved, third.Unmoved);
        Assert.Equal(first.Totals, third.Totals);
    }
}
