using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;
using GrpcStatus = Grpc.Core.Status;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>What the agent does when the orchestrator refuses the stream.</summary>
public sealed class RefusalTests
{
    [Fact]
    public async Task Permission_denied_stops_the_agent_with_an_operator_facing_error_that_never_shows_the_credential()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        peer.RefuseWith = new GrpcStatus(GrpcStatusCode.PermissionDenied, "This credential does not act for site 'osaka-01'.");
        var logs = new CapturedLogs();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer), logs);

        await peer.NextConnectionAsync("the agent's Connect");
        await agent.Host.Services.GetRequiredService<AgentLinkClient>().Refused.Within("the agent to give up");

        Assert.True(agent.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.False(peer.TryTakeConnection(out _), "The agent connected again after PERMISSION_DENIED.");
        Assert.Contains(logs.Entries, e => e.StartsWith("Critical", StringComparison.Ordinal) && e.Contains("PERMISSION_DENIED", StringComparison.Ordinal) && e.Contains("osaka-01", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(AgentHosts.Credential, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_connects_are_retried_after_growing_jittered_waits()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        peer.RefuseWith = new GrpcStatus(GrpcStatusCode.Unavailable, "node starting");
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer), jitter: new Random(7));

        var ratios = new List<double>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await peer.NextConnectionAsync($"connect attempt {attempt + 1}");
            var due = await agent.Clock.TimerWithinAsync(TimeSpan.FromMinutes(10), $"the wait after attempt {attempt + 1}");
            var wait = due - agent.Clock.GetUtcNow();
            var backoff = Math.Pow(1.6, attempt);
            Assert.InRange(wait.TotalSeconds, 0.8 * backoff, 1.2 * backoff);
            ratios.Add(wait.TotalSeconds / backoff);
            agent.Clock.Advance(wait);
        }

        Assert.True(ratios.Distinct().Count() > 1, "Every wait had the same jitter factor.");
    }

    [Fact]
    public async Task Unauthenticated_is_retried_only_at_the_maximum_backoff()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        peer.RefuseWith = new GrpcStatus(GrpcStatusCode.Unauthenticated, "Unknown credential.");
        var logs = new CapturedLogs();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer), logs);

        await peer.NextConnectionAsync("the agent's Connect");
        var due = await agent.Clock.TimerWithinAsync(TimeSpan.FromMinutes(10), "the wait after UNAUTHENTICATED");

        Assert.InRange((due - agent.Clock.GetUtcNow()).TotalSeconds, 0.8 * 120, 1.2 * 120);
        Assert.Contains(logs.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) && e.Contains("UNAUTHENTICATED", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(AgentHosts.Credential, StringComparison.Ordinal));
    }
}
