using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Planning.Live;

/// <summary>Planning on the live network, then applying: exactly the planned orders move, once, and only while queued.</summary>
public sealed class PlanApplyTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_dry_run_returns_moves_within_the_distance_limit_and_moves_nothing()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node);

        var plan = await node.Planning.PlanAsync(OverloadedOsaka.Rules);

        Assert.Equal(PlanStatus.Planned, plan.Status);
        Assert.NotEmpty(plan.Plan.Moves);
        Assert.All(plan.Plan.Moves, m =>
        {
            Assert.Equal("osaka-01", m.FromSiteId);
            Assert.Equal("kyoto-01", m.ToSiteId); // tokyo is 400 km from osaka: beyond the limit
            Assert.InRange(m.DistanceKmAfter, 0, 100);
            Assert.False(string.IsNullOrWhiteSpace(m.Why));
        });
        Assert.True(plan.Plan.Totals.UtilisationSpreadAfter < plan.Plan.Totals.UtilisationSpreadBefore);
        Assert.True(plan.Plan.Totals.KilometresAdded > 0);
        Assert.Equal(0, plan.Plan.Totals.LateOrdersAfter);
        Assert.Equal(plan.Plan.Moves.Count, plan.Plan.Totals.OrdersMoved);
        var kyoto = plan.Plan.Sites.Single(s => s.SiteId == "kyoto-01");
        Assert.InRange(kyoto.After, 0.01, OverloadedOsaka.Rules.BandHigh);

        foreach (var move in plan.Plan.Moves)
        {
            Assert.Equal("osaka-01", (await OverloadedOsaka.OrderAsync(node, move.OrderId))!.Assignment!.SiteId);
        }

        var stored = (await node.Planning.GetAsync(plan.Id))!;
        Assert.Equal(plan.Plan.Moves.Select(m => (m.OrderId, m.ToSiteId, m.ToCellId)), stored.Plan.Moves.Select(m => (m.OrderId, m.ToSiteId, m.ToCellId)));
    }

    [Fact]
    public async Task Applying_moves_exactly_the_planned_orders_once_and_applying_again_moves_nothing()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node);
        var plan = await node.Planning.PlanAsync(OverloadedOsaka.Rules);
        var planned = plan.Plan.Moves.ToDictionary(m => m.OrderId);

        var applied = await node.Planning.ApplyAsync(plan.Id);

        Assert.Equal(PlanStatus.Applied, applied.Status);
        Assert.Equal(planned.Count, applied.LastApplication!.Moved);
        for (var i = 0; i < OverloadedOsaka.Orders; i++)
        {
            var order = (await node.OrderAsync(OverloadedOsaka.Key(i)))!;
            var jobs = await OverloadedOsaka.JobsOfAsync(node, order.Id);
            var expectedSite = planned.TryGetValue(order.Id, out var move) ? move.ToSiteId : "osaka-01";
            Assert.Equal([(expectedSite, order.Assignment!.JobId)], jobs);
            Assert.Equal(OrderStatus.Dispatched, order.Status);
        }

        var osakaOutbox = await node.Grains.GetGrain<ISiteGrain>("osaka-01").PendingAsync(0);
        Assert.Equal(planned.Count, osakaOutbox.Count(m => m.Kind == OutboxKind.Cancel));
        var kyotoBefore = (await node.Grains.GetGrain<ISiteGrain>("kyoto-01").PendingAsync(0)).Count;
        Assert.Equal(planned.Count, kyotoBefore);

        var again = await node.Planning.ApplyAsync(plan.Id);

        Assert.Equal(planned.Count, again.LastApplication!.AlreadyMoved);
        Assert.Equal(0, again.LastApplication.Moved);
        Assert.Equal(kyotoBefore, (await node.Grains.GetGrain<ISiteGrain>("kyoto-01").PendingAsync(0)).Count);
    }

    [Fact]
    public async Task Two_applies_of_one_plan_at_once_move_each_order_once()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node);
        var plan = await node.Planning.PlanAsync(OverloadedOsaka.Rules);

        var both = await Task.WhenAll(node.Planning.ApplyAsync(plan.Id), node.Planning.ApplyAsync(plan.Id)).Within("two applies at once");

        Assert.Equal(plan.Plan.Moves.Count, both.Sum(p => p.LastApplication!.Moved));
        Assert.Equal(plan.Plan.Moves.Count, both.Sum(p => p.LastApplication!.AlreadyMoved + p.LastApplication.Skipped));
        foreach (var move in plan.Plan.Moves)
        {
            var order = (await OverloadedOsaka.OrderAsync(node, move.OrderId))!;
            Assert.Equal([(move.ToSiteId, order.Assignment!.JobId)], await OverloadedOsaka.JobsOfAsync(node, move.OrderId));
        }
    }

    [Fact]
    public async Task Orders_that_started_or_changed_after_planning_are_skipped_with_the_reason()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node);
        var plan = await node.Planning.PlanAsync(OverloadedOsaka.Rules);
        var started = plan.Plan.Moves[0].OrderId;
        var cancelled = plan.Plan.Moves[1].OrderId;
        var rerouted = plan.Plan.Moves[2].OrderId;

        var startedJob = (await OverloadedOsaka.OrderAsync(node, started))!.Assignment!.JobId;
        await node.Link.ReportJobAsync("osaka-01", new JobUpdate(startedJob, JobUpdateKind.Started, 0, 0, null, _clock.GetUtcNow()));
        await node.Grains.GetGrain<IOrderGrain>(cancelled).CancelAsync("customer changed their mind");
        Assert.True(await node.Grains.GetGrain<IOrderGrain>(rerouted).MoveOffSiteAsync("operator moved it"));

        var applied = (await node.Planning.ApplyAsync(plan.Id)).LastApplication!;

        Assert.Equal(3, applied.Skipped);
        Assert.Equal(plan.Plan.Moves.Count - 3, applied.Moved);
        var byOrder = applied.Moves.ToDictionary(m => m.OrderId);
        Assert.Equal("order started at osaka-01", byOrder[started].Detail);
        Assert.Equal("order is Cancelled", byOrder[cancelled].Detail);
        Assert.StartsWith("order changed since the plan", byOrder[rerouted].Detail);
        Assert.Equal([("osaka-01", startedJob)], await OverloadedOsaka.JobsOfAsync(node, started));
        Assert.Single(await OverloadedOsaka.JobsOfAsync(node, rerouted));
        Assert.Empty(await OverloadedOsaka.JobsOfAsync(node, cancelled));
    }

    [Fact]
    public async Task An_agent_starting_a_job_the_site_already_gave_back_does_not_get_it_twice_or_lose_it()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node);
        var plan = await node.Planning.PlanAsync(OverloadedOsaka.Rules);
        var raced = plan.Plan.Moves[0];
        var oldJob = (await OverloadedOsaka.OrderAsync(node, raced.OrderId))!.Assignment!.JobId;

        await node.Planning.ApplyAsync(plan.Id);
        // The agent had not seen the cancel yet and reports the start: the site decided in its turn, the job left it.
        await node.Link.ReportJobAsync("osaka-01", new JobUpdate(oldJob, JobUpdateKind.Started, 0, 0, null, _clock.GetUtcNow()));

        var order = (await OverloadedOsaka.OrderAsync(node, raced.OrderId))!;
        Assert.Equal(OrderStatus.Dispatched, order.Status);
        Assert.Equal([(raced.ToSiteId, order.Assignment!.JobId)], await OverloadedOsaka.JobsOfAsync(node, raced.OrderId));
        var osakaOutbox = await node.Grains.GetGrain<ISiteGrain>("osaka-01").PendingAsync(0);
        Assert.Contains(osakaOutbox, m => m.Kind == OutboxKind.Cancel && m.JobId == oldJob);
    }

    [Fact]
    public async Task Applying_a_plan_that_does_not_exist_names_it()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        var error = await Assert.ThrowsAsync<NotFoundException>(() => node.Planning.ApplyAsync("plan-missing"));
        Assert.Contains("plan-missing", error.Message);
    }

    [Theory]
    [InlineData(0.5, 0.4, 100, "band.high")]
    [InlineData(-0.1, 0.9, 100, "band.low")]
    [InlineData(0.2, 0.9, -1, "maxTransferKm")]
    public async Task Bad_rules_are_refused_naming_the_field(double low, double high, double km, string field)
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node, orders: 1);
        var error = await Assert.ThrowsAsync<DomainValidationException>(() => node.Planning.PlanAsync(new PlanParameters(null, low, high, km, false, null)));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task An_unknown_city_in_the_scope_is_refused()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await OverloadedOsaka.SeedAsync(node, orders: 1);
        var error = await Assert.ThrowsAsync<DomainValidationException>(() => node.Planning.PlanAsync(OverloadedOsaka.Rules with { CityIds = ["atlantis"] }));
        Assert.Equal("cityIds", error.Field);
        Assert.Contains("atlantis", error.Message);
    }
}
