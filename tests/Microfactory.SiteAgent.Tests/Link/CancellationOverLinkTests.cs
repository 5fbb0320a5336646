using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>JobCancellation per the guide: a queued job is dropped, a running one stops at the part boundary.</summary>
public sealed class CancellationOverLinkTests
{
    [Fact]
    public async Task A_queued_job_is_dropped_and_a_running_one_stops_after_the_part_on_the_machine()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Assignment(1, "job-run", 4));
        await c.WaitForAsync(HasUpdate("job-run", JobUpdateKind.Started), "job-run to start");
        c.Send(Assignment(2, "job-queued", 2));
        await c.WaitForAsync(HasUpdate("job-queued", JobUpdateKind.Accepted), "job-queued to be accepted");

        c.Send(Cancel(3, "job-queued"));
        await c.WaitForAsync(HasUpdate("job-queued", JobUpdateKind.Cancelled), "job-queued to be cancelled");
        var dropped = c.Updates("job-queued").Single(u => u.Kind == JobUpdateKind.Cancelled);
        Assert.Equal(0U, dropped.GoodCount + dropped.ScrapCount);

        await agent.DrivePartsAsync(c, "job-run", 0, 1);
        await agent.Clock.TimerWithinAsync(TimeSpan.FromMinutes(30), "part 2 of job-run to be on the machine");
        c.Send(Cancel(4, "job-run"));
        await c.WaitForAsync(m => m.Any(x => x.Ack?.Sequence == 4), "the agent to ack the cancellation");
        await agent.Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(30), "part 2 of job-run to finish");
        await c.WaitForAsync(HasUpdate("job-run", JobUpdateKind.Cancelled), "job-run to be cancelled");

        var stopped = c.Updates("job-run").Single(u => u.Kind == JobUpdateKind.Cancelled);
        Assert.Equal(2U, stopped.GoodCount + stopped.ScrapCount);
        Assert.DoesNotContain(c.Updates("job-queued"), u => u.Kind == JobUpdateKind.Started);
        Assert.DoesNotContain(c.Updates("job-run"), u => u.Kind == JobUpdateKind.Done);
    }

    [Fact]
    public async Task Cancelling_an_unknown_job_is_rejected_and_a_finished_one_gets_its_final_update_again()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Cancel(1, "job-nope"));
        await c.WaitForAsync(HasUpdate("job-nope", JobUpdateKind.Rejected), "the unknown job's rejection");

        // job-busy holds cnc-1 (its first part never finishes: the clock stands still), so job-q stays queued.
        c.Send(Assignment(2, "job-busy", 3));
        await c.WaitForAsync(HasUpdate("job-busy", JobUpdateKind.Started), "job-busy to start");
        c.Send(Assignment(3, "job-q", 1));
        c.Send(Cancel(4, "job-q"));
        await c.WaitForAsync(HasUpdate("job-q", JobUpdateKind.Cancelled), "job-q to end");
        var final = c.Updates("job-q").Last();
        c.Send(Cancel(5, "job-q"));
        await c.WaitForAsync(m => m.Count(x => x.JobUpdate?.JobId == "job-q" && x.JobUpdate.Kind == final.Kind) == 2, "job-q's final update again");
        Assert.Equal(final.Kind, c.Updates("job-q").Last().Kind);
    }

    private static OrchestratorMessage Cancel(ulong sequence, string jobId) => new()
    {
        Sequence = sequence,
        JobCancellation = new JobCancellation { JobId = jobId, OrderId = $"order-of-{jobId}", Reason = "order cancelled by customer" },
    };
}
