using Google.Protobuf.WellKnownTypes;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.State;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>After lost_after without a stream the orchestrator may move queued jobs: the agent must not start them.</summary>
public sealed class LostAfterTests : IDisposable
{
    private static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(5);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Queued_jobs_wait_once_the_link_was_down_for_lost_after_and_start_again_on_reconnect()
    {
        var clock = new ManualTimeProvider();
        var book = new JobBook(new AgentStateStore(_directory), clock);
        var gate = new LinkGate(clock, lostAfter: null);
        gate.Connected(LostAfter);
        book.Accept(Assignment("job-1"), 1, null);
        book.Accept(Assignment("job-2"), 2, null);
        var running = book.TakeNext("cnc-1", gate.MayStartQueuedJobs);
        Assert.Equal("job-1", running?.JobId);

        gate.Disconnected();
        clock.Advance(LostAfter - TimeSpan.FromSeconds(1));
        Assert.True(gate.MayStartQueuedJobs);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(gate.MayStartQueuedJobs);

        // The running job carries on (it is handed out again), the queued one waits.
        Assert.Equal("job-1", book.TakeNext("cnc-1", gate.MayStartQueuedJobs)?.JobId);
        book.Finished("job-1", JobUpdateKind.Done, 3, 0, null);
        Assert.Null(book.TakeNext("cnc-1", gate.MayStartQueuedJobs));

        gate.Connected(LostAfter);
        Assert.Equal("job-2", book.TakeNext("cnc-1", gate.MayStartQueuedJobs)?.JobId);
    }

    [Fact]
    public void A_restarted_agent_remembers_lost_after_and_counts_from_its_start()
    {
        var clock = new ManualTimeProvider();
        new JobBook(new AgentStateStore(_directory), clock).Welcomed(0, LostAfter);

        var restarted = new JobBook(new AgentStateStore(_directory), clock);
        var gate = new LinkGate(clock, restarted.LostAfter);
        Assert.True(gate.MayStartQueuedJobs);
        clock.Advance(LostAfter);
        Assert.False(gate.MayStartQueuedJobs);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static JobAssignment Assignment(string jobId) => new()
    {
        JobId = jobId,
        OrderId = "order-1",
        CellId = "cnc-1",
        DesignVersion = "bracket-a@1.0.0",
        Quantity = 3,
        DueAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
    };
}
