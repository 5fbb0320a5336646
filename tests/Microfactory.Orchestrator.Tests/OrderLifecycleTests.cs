using System.Net;
using Microfactory.Network;
using Orleans;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests;

public sealed class OrderLifecycleTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string Site = "tokyo-01";
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    private SiteLink Link => factory.Services.GetRequiredService<SiteLink>();

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("tokyo", 35.6762, 139.6503);
        await _seed.DesignAsync("bracket", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        await _seed.SiteAsync(Site, "tokyo", 35.68, 139.70, ["cnc"]);
        await _seed.ConnectAsync(Site);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unknown_order_is_404_problem_details()
    {
        var response = await _planner.GetAsync("/api/orders/ord-nosuchorder").Within("GET an unknown order");

        var problem = await response.ProblemAsync(404);
        Assert.Contains("ord-nosuchorder", problem.Detail);
    }

    [Theory]
    [InlineData("GET", "/api/orders/bad%20id!")]
    [InlineData("POST", "/api/orders/bad%20id!/cancel")]
    [InlineData("GET", "/api/orders/bad%20id!/routing")]
    public async Task An_order_id_that_can_never_exist_is_400_naming_it(string method, string path)
    {
        var response = await _planner.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).Within($"{method} {path}");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("bad id!", problem.Detail);
    }

    [Fact]
    public async Task Cancelling_an_unknown_order_is_404()
    {
        var response = await _planner.PostAsync("/api/orders/ord-nosuchorder/cancel", Json.Body(new { reason = "test" })).Within("cancel an unknown order");

        await response.ProblemAsync(404);
    }

    [Fact]
    public async Task An_order_goes_through_its_whole_life_as_the_site_reports_it()
    {
        var placed = await Seed.PlaceAsync(_planner, "life-1", Seed.Order("bracket", 10, "tokyo"));
        Assert.Equal(OrderStatus.Dispatched, placed.Status);
        var job = placed.Assignment!.JobId;

        Assert.True(await Report(job, JobUpdateKind.Accepted, 0, 0));
        Assert.Equal(OrderStatus.Accepted, (await Seed.GetOrderAsync(_planner, placed.Id)).Status);
        Assert.True(await Report(job, JobUpdateKind.Started, 0, 0));
        Assert.True(await Report(job, JobUpdateKind.Progress, 4, 1));
        var running = await Seed.GetOrderAsync(_planner, placed.Id);
        Assert.Equal((OrderStatus.InProgress, 4, 1), (running.Status, running.Good, running.Scrap));
        Assert.True(await Report(job, JobUpdateKind.Done, 9, 1));

        var done = await Seed.GetOrderAsync(_planner, placed.Id);
        Assert.Equal((OrderStatus.Completed, 9, 1), (done.Status, done.Good, done.Scrap));
        Assert.Equal(
            [OrderStatus.Received, OrderStatus.Routed, OrderStatus.Dispatched, OrderStatus.Accepted, OrderStatus.InProgress, OrderStatus.Completed],
            done.History.Select(h => h.Status));
        Assert.All(done.History, h => Assert.False(string.IsNullOrWhiteSpace(h.Reason), $"{h.Status} has no reason"));
        Assert.Equal(done.History.Select(h => h.At).Order(), done.History.Select(h => h.At));
        Assert.InRange(done.History[0].At, placed.CreatedAt, done.UpdatedAt);
        Assert.Contains("9 good", done.History[^1].Reason);
        Assert.Contains(Site, done.History[1].Reason);
    }

    [Fact]
    public async Task Cancelling_a_completed_order_is_409()
    {
        var placed = await Seed.PlaceAsync(_planner, "done-then-cancel-1", Seed.Order("bracket", 2, "tokyo"));
        await Report(placed.Assignment!.JobId, JobUpdateKind.Done, 2, 0);

        var response = await _planner.PostAsync($"/api/orders/{placed.Id}/cancel", Json.Body(new { reason = "too late" })).Within("cancel a completed order");

        var problem = await response.ProblemAsync(409);
        Assert.Contains("Completed", problem.Detail);
        Assert.Equal(OrderStatus.Completed, (await Seed.GetOrderAsync(_planner, placed.Id)).Status);
    }

    [Fact]
    public async Task Cancelling_a_queued_order_cancels_it_and_tells_the_site()
    {
        var placed = await Seed.PlaceAsync(_planner, "queued-cancel-1", Seed.Order("bracket", 3, "tokyo"));
        var job = placed.Assignment!.JobId;

        var response = await _planner.PostAsync($"/api/orders/{placed.Id}/cancel", Json.Body(new { reason = "customer withdrew" })).Within("cancel a queued order");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await response.ReadAsync<OrderView>();
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal("customer withdrew", cancelled.History[^1].Reason);
        var outbox = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISiteGrain>(Site).PendingAsync(0).Within("the site's outbox");
        var cancel = Assert.Single(outbox, m => m.Kind == OutboxKind.Cancel && m.JobId == job);
        Assert.Equal("customer withdrew", cancel.Reason);
        Assert.Contains(outbox, m => m.Kind == OutboxKind.Assign && m.JobId == job && m.Sequence < cancel.Sequence);
    }

    [Fact]
    public async Task Cancelling_a_queued_order_frees_the_sites_capacity()
    {
        var before = await SiteAsync();
        var placed = await Seed.PlaceAsync(_planner, "cancel-frees-1", Seed.Order("bracket", 12, "tokyo"));
        Assert.Equal(before.QueuedJobs + 1, (await SiteAsync()).QueuedJobs);

        await _planner.PostAsync($"/api/orders/{placed.Id}/cancel", Json.Body(new { reason = "not needed" })).Within("cancel the order");

        var after = await SiteAsync();
        Assert.Equal((before.QueuedJobs, before.BacklogHours), (after.QueuedJobs, after.BacklogHours));
    }

    [Fact]
    public async Task Cancelling_without_a_body_uses_a_default_reason()
    {
        var placed = await Seed.PlaceAsync(_planner, "cancel-no-body-1", Seed.Order("bracket", 1, "tokyo"));

        var response = await _planner.PostAsync($"/api/orders/{placed.Id}/cancel", null).Within("cancel without a body");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrderStatus.Cancelled, (await response.ReadAsync<OrderView>()).Status);
    }

    private async Task<SiteView> SiteAsync() =>
        await (await _planner.GetAsync($"/api/sites/{Site}").Within("GET the site")).ReadAsync<SiteView>();

    private Task<bool> Report(string job, JobUpdateKind kind, int good, int scrap) =>
        Link.ReportJobAsync(Site, new JobUpdate(job, kind, good, scrap, null, DateTimeOffset.UtcNow)).Within($"the site reporting {kind} for {job}");
}
