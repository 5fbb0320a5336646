using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;
using Orleans;

namespace Microfactory.Network.Tests.Sites;

/// <summary>
/// "Connected" means a live agent stream, not a stored flag: a session that stops showing life (its stream's silo
/// died, so nothing ended it) and a site restored after a restart both count as disconnected, and get no new work.
/// </summary>
public sealed class SiteConnectionTests
{
    private static readonly TimeSpan Expiry = new NetworkOptions().SessionExpiry;
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_session_silent_past_its_expiry_is_disconnected_and_its_next_follow_connects_it_again()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var lastSignOfLife = _clock.GetUtcNow();
        node.LoseStream("osaka-01");

        await node.AdvanceAsync(Expiry * 0.75);
        Assert.Equal("osaka-01", (await node.SubmitAsync("within-expiry")).Order.Assignment!.SiteId);
        await node.AdvanceAsync(Expiry * 0.75); // past the expiry, and the site's half-expiry watch has ticked since
        await Await.Until(() => Task.FromResult(!node.Directory.Sites.All().Single(s => s.Id == "osaka-01").Connected), "the site's watch to see its session silent");

        var osaka = node.Directory.Sites.All().Single(s => s.Id == "osaka-01");
        Assert.Equal(lastSignOfLife, osaka.DisconnectedSince);
        Assert.Equal(SiteStatus.Online, osaka.Status); // not lost: its jobs stay
        Assert.Equal("tokyo-01", (await node.SubmitAsync("while-silent")).Order.Assignment!.SiteId);
        Assert.Equal("osaka-01", (await node.OrderAsync("within-expiry")).Assignment!.SiteId);

        // The stream was only held up: its next follow (the same call the gRPC link makes) brings the site back.
        var observer = new SilentObserver();
        var reference = node.Grains.CreateObjectReference<ISiteLinkObserver>(observer);
        var follow = await node.Grains.GetGrain<ISiteGrain>("osaka-01").FollowAsync("session-1", reference, 0);

        Assert.True(follow.Current);
        Assert.True(node.Directory.Sites.All().Single(s => s.Id == "osaka-01").Connected);
        Assert.Null(node.Directory.Sites.All().Single(s => s.Id == "osaka-01").DisconnectedSince);
        Assert.Equal("osaka-01", (await node.SubmitAsync("after-follow")).Order.Assignment!.SiteId);
    }

    [Fact]
    public async Task An_ended_session_does_not_come_back_by_following_only_by_a_new_connect()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.DisconnectAgentAsync("osaka-01");
        var site = node.Grains.GetGrain<ISiteGrain>("osaka-01");

        var observer = new SilentObserver();
        var late = await site.FollowAsync("session-1", node.Grains.CreateObjectReference<ISiteLinkObserver>(observer), 0);
        await node.Link.HeartbeatAsync("osaka-01");

        Assert.False(late.Current);
        Assert.False((await site.GetAsync())!.Connected);
        Assert.Equal("tokyo-01", (await node.SubmitAsync("after-end")).Order.Assignment!.SiteId);

        await node.ConnectAgentAsync("osaka-01", "session-2");
        Assert.Equal("osaka-01", (await node.SubmitAsync("after-connect")).Order.Assignment!.SiteId);
    }

    [Fact]
    public async Task After_a_restart_no_site_counts_as_connected_until_its_agent_shows_life()
    {
        var store = new InMemoryBlobStore();
        await using (var before = await NetworkNode.StartNodeAsync(store, _clock))
        {
            await before.SeedTwoCitiesAsync();
        }

        // The whole cluster went down with every stream; the store still says both sites were connected.
        await using var node = await NetworkNode.StartNodeAsync(store, _clock);
        await node.StartAsync();
        await node.WakeAsync();

        Assert.All(node.Directory.Sites.All(), s => Assert.False(s.Connected, $"{s.Id} counts as connected after the restart"));
        Assert.All(node.Directory.Sites.All(), s => Assert.NotNull(s.DisconnectedSince));
        var unroutable = (await node.SubmitAsync("no-agents")).Order;
        Assert.Equal(OrderStatus.Unroutable, unroutable.Status);
        Assert.Contains("disconnected", unroutable.History[^1].Reason, StringComparison.Ordinal);

        await node.ConnectAgentAsync("tokyo-01", "session-2");
        Assert.Equal("tokyo-01", (await node.SubmitAsync("one-agent-back")).Order.Assignment!.SiteId);
    }

    private sealed class SilentObserver : ISiteLinkObserver
    {
        public Task OutboxChanged(long lastSequence) => Task.CompletedTask;

        public Task Replaced(string newSessionId) => Task.CompletedTask;

        public Task Ended(string reason) => Task.CompletedTask;
    }
}
