using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;
using GrpcStatus = Grpc.Core.Status;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>No job lost or run twice when the agent dies or the stream drops.</summary>
public sealed class RestartTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_agent_killed_mid_job_resumes_it_on_restart_and_reports_it_done_exactly_once()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = LinkConfiguration(peer);

        var first = await LinkedAgent.StartAsync(configuration);
        var c1 = await peer.NextConnectionAsync("the agent's first Connect");
        c1.Send(Assignment(1, "job-k", 5));
        await c1.WaitForAsync(HasUpdate("job-k", JobUpdateKind.Started), "job-k to start");
        await first.DrivePartsAsync(c1, "job-k", 0, 2);
        await first.DisposeAsync();

        await using var second = await LinkedAgent.StartAsync(configuration);
        var restartedAt = second.Clock.GetUtcNow();
        var c2 = await peer.NextConnectionAsync("the restarted agent's Connect");
        var held = Assert.Single(c2.Hello.Jobs);
        Assert.Equal(2U, held.GoodCount + held.ScrapCount);
        await second.DrivePartsAsync(c2, "job-k", 2, 3);
        await c2.WaitForAsync(HasUpdate("job-k", JobUpdateKind.Done), "job-k to be done");

        // The repeated assignment after the restart (an orchestrator resending from an old record) changes nothing.
        c2.Send(Assignment(1, "job-k", 5));
        await c2.WaitForAsync(m => m.Count(x => x.Ack?.Sequence == 1) >= 1, "the agent to ack the old assignment again");

        var updates = c1.Updates("job-k").Concat(c2.Updates("job-k")).ToList();
        var done = Assert.Single(updates, u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(5U, done.GoodCount + done.ScrapCount);
        Assert.Single(updates, u => u.Kind == JobUpdateKind.Started);
        Assert.Single(updates, u => u.Kind == JobUpdateKind.Accepted);

        // Resumed, not restarted from zero: the second run made exactly the three parts that were left.
        Assert.Equal(3 * Cycle, done.FinishedAt.ToDateTimeOffset() - restartedAt);
    }

    [Fact]
    public async Task Updates_not_acknowledged_before_a_disconnect_are_resent_after_Welcome_with_their_sequence()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        peer.AutoAck = false;
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c1 = await peer.NextConnectionAsync("the agent's first Connect");
        c1.Send(Assignment(1, "job-r", 2, cellId: "laser-9"));
        await c1.WaitForAsync(HasUpdate("job-r", JobUpdateKind.Rejected), "job-r's rejection");
        var sent = Assert.Single(c1.Received, m => m.JobUpdate?.JobId == "job-r");

        c1.Drop(new GrpcStatus(GrpcStatusCode.Unavailable, "node restarting"));
        await agent.Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(5), "the reconnect backoff");
        var c2 = await peer.NextConnectionAsync("the agent's reconnect");
        Assert.Equal(JobUpdateKind.Rejected, Assert.Single(c2.Hello.Jobs).Kind);
        await c2.WaitForAsync(HasUpdate("job-r", JobUpdateKind.Rejected), "job-r's rejection to be resent");

        var resent = Assert.Single(c2.Received, m => m.JobUpdate?.JobId == "job-r");
        Assert.Equal(sent.Sequence, resent.Sequence);
        Assert.Equal(sent.JobUpdate, resent.JobUpdate);
    }
}
