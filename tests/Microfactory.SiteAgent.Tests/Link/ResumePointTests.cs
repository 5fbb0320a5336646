using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.State;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>
/// Welcome.resume_after_sequence below the agent's record (the orchestrator clamped a last_acknowledged_sequence
/// beyond what it sent) becomes the agent's record, so the messages it numbers from there are not skipped as seen.
/// </summary>
public sealed class ResumePointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_lower_resume_point_becomes_the_record_and_a_higher_one_changes_nothing()
    {
        var clock = new ManualTimeProvider();
        var book = new JobBook(new AgentStateStore(_directory), clock);
        book.Accept(new JobAssignment { JobId = "job-40", OrderId = "order-1", CellId = "cnc-1", DesignVersion = "bracket-a@1.0.0", Quantity = 1 }, 40, null);

        book.Welcomed(0, null, resumeAfterSequence: 50);
        Assert.Equal(40UL, book.LastAcknowledgedSequence);

        book.Welcomed(0, null, resumeAfterSequence: 2);
        Assert.Equal(2UL, new JobBook(new AgentStateStore(_directory), clock).LastAcknowledgedSequence);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
