using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>Fast cells do not flood the link: PROGRESS goes out at most once per ProgressInterval.</summary>
public sealed class ProgressBatchingTests
{
    [Fact]
    public async Task Progress_is_batched_by_the_interval_and_the_job_ends_with_one_DONE_holding_every_part()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = LinkConfiguration(peer);
        configuration["Agent:ProgressInterval"] = "00:05:00";
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Assignment(1, "job-b", 8));
        await c.WaitForAsync(HasUpdate("job-b", JobUpdateKind.Started), "job-b to start");
        for (var part = 1; part <= 8; part++)
        {
            await agent.Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(30), $"part {part} of job-b");
        }

        await c.WaitForAsync(HasUpdate("job-b", JobUpdateKind.Done), "job-b to be done");

        // 90 s parts: the first report is due at part 4 (6 min after the start); the next would be at part 8, the last, which DONE reports.
        var progress = Assert.Single(c.Updates("job-b"), u => u.Kind == JobUpdateKind.Progress);
        Assert.Equal(4U, progress.GoodCount + progress.ScrapCount);
        var done = Assert.Single(c.Updates("job-b"), u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(8U, done.GoodCount + done.ScrapCount);
    }
}
