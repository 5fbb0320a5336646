using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>Opening a session over real loopback HTTP/2 and what the agent remembers across a restart.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Hello_describes_the_site_and_a_restarted_agent_resumes_from_its_persisted_ack()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = LinkConfiguration(peer);
        var logs = new CapturedLogs();

        var first = await LinkedAgent.StartAsync(configuration, logs);
        var c1 = await peer.NextConnectionAsync("the agent's first Connect");
        Assert.Equal($"Bearer {AgentHosts.Credential}", c1.Authorization);
        Assert.Equal("osaka-01", c1.Hello.SiteId);
        Assert.False(string.IsNullOrEmpty(c1.Hello.AgentVersion));
        Assert.False(string.IsNullOrEmpty(c1.Hello.AgentInstanceId));
        Assert.Equal(0UL, c1.Hello.LastAcknowledgedSequence);
        Assert.Empty(c1.Hello.Jobs);
        Assert.Equal(["cnc-1", "printer-1"], c1.Hello.Cells.Select(c => c.CellId));
        var cnc = c1.Hello.Cells[0];
        Assert.Equal(["cnc-milling"], cnc.Capabilities);
        Assert.Equal("bracket-a@1.0.0", cnc.LoadedDesignVersion);
        Assert.Equal(CellState.Idle, cnc.State);

        c1.Send(Assignment(1, "job-1", 3));
        c1.Send(Assignment(2, "job-2", 2));
        await c1.WaitForAsync(m => m.Any(x => x.Ack?.Sequence == 2), "the agent to ack sequence 2");
        await c1.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Started), "job-1 to start");
        await first.DisposeAsync();

        await using var second = await LinkedAgent.StartAsync(configuration, logs);
        var c2 = await peer.NextConnectionAsync("the restarted agent's Connect");
        Assert.Equal(2UL, c2.Hello.LastAcknowledgedSequence);
        Assert.NotEqual(c1.Hello.AgentInstanceId, c2.Hello.AgentInstanceId);
        var jobs = c2.Hello.Jobs.ToDictionary(j => j.JobId);
        Assert.Equal(JobUpdateKind.Started, jobs["job-1"].Kind);
        Assert.Equal(JobUpdateKind.Accepted, jobs["job-2"].Kind);
        Assert.Equal(2U, jobs["job-2"].Quantity);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(AgentHosts.Credential, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_assignment_delivered_twice_runs_once()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Assignment(1, "job-1", 2));
        c.Send(Assignment(1, "job-1", 2));
        c.Send(Assignment(2, "job-1", 2));
        await c.WaitForAsync(m => m.Any(x => x.Ack?.Sequence == 2), "the agent to ack the repeated assignment");
        await agent.DrivePartsAsync(c, "job-1", 0, 2);
        await c.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");

        var updates = c.Updates("job-1");
        Assert.Single(updates, u => u.Kind == JobUpdateKind.Accepted);
        Assert.Single(updates, u => u.Kind == JobUpdateKind.Started);
        var done = Assert.Single(updates, u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(2U, done.GoodCount + done.ScrapCount);
        Assert.Single(agent.Book.Jobs);
    }

    [Fact]
    public async Task Capacity_is_reported_after_Welcome_and_again_when_a_cell_changes_state()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");
        await c.WaitForAsync(m => m.Any(x => x.CapacityReport is not null), "the first capacity report");
        var first = c.Received.First(x => x.CapacityReport is not null).CapacityReport.Cells.Single(x => x.CellId == "cnc-1");
        Assert.Equal(CellState.Idle, first.State);
        Assert.Equal(16, first.HoursAvailablePerDay);

        c.Send(Assignment(1, "job-1", 4));
        await c.WaitForAsync(
            m => m.Any(x => x.CapacityReport?.Cells.Any(cell => cell.CellId == "cnc-1" && cell.State == CellState.Running && cell.CurrentJobId == "job-1") == true),
            "a capacity report showing cnc-1 running job-1");
        var running = c.Received.Last(x => x.CapacityReport is not null).CapacityReport.Cells.Single(x => x.CellId == "cnc-1");
        Assert.Equal(TimeSpan.FromSeconds(90 * 4), running.Backlog.ToTimeSpan());
    }

    [Fact]
    public async Task A_heartbeat_goes_out_only_after_the_heartbeat_interval_without_other_messages()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        peer.HeartbeatInterval = TimeSpan.FromSeconds(10);
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");
        await c.WaitForAsync(m => m.Any(x => x.CapacityReport is not null), "the first capacity report");
        var reportedAt = agent.Clock.GetUtcNow();

        await agent.Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(1), "the heartbeat timer");
        await c.WaitForAsync(m => m.Any(x => x.Heartbeat is not null), "a heartbeat");

        var heartbeat = c.Received.Single(x => x.Heartbeat is not null).Heartbeat;
        Assert.Equal(reportedAt + TimeSpan.FromSeconds(10), heartbeat.SentAt.ToDateTimeOffset());
        Assert.Equal(0UL, c.Received.Single(x => x.Heartbeat is not null).Sequence);
    }

    [Fact]
    public async Task An_assignment_for_an_unknown_cell_is_rejected_with_a_reason()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(LinkConfiguration(peer));
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Assignment(1, "job-x", 2, cellId: "laser-9"));
        await c.WaitForAsync(HasUpdate("job-x", JobUpdateKind.Rejected), "job-x to be rejected");

        var rejected = Assert.Single(c.Updates("job-x"));
        Assert.Contains("laser-9", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(0U, rejected.GoodCount + rejected.ScrapCount);
    }
}
