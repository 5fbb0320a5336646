using Google.Protobuf.WellKnownTypes;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.State;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Operations;

/// <summary>
/// The orchestrator's OperatorConfirmation opens a waiting cell's gate like a local confirmation, once per sequence:
/// a resend after the gate closed again behind the next job changes nothing.
/// </summary>
public sealed class RemoteOperatorConfirmationTests
{
    [Fact]
    public async Task A_remote_confirmation_opens_the_gate_once_and_its_resend_does_not_open_it_again()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = LinkConfiguration(peer);
        configuration["Agent:Cells:0:OperatorGate"] = "true";
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var c = await peer.NextConnectionAsync("the agent's Connect");
        c.Send(Assignment(1, "job-1", 1));
        c.Send(Assignment(2, "job-2", 1));
        c.Send(Assignment(3, "job-3", 1));
        await c.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Started), "job-1 to start");
        await agent.DrivePartsAsync(c, "job-1", 0, 1);
        await c.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");

        c.Send(Confirmation(4));
        await c.WaitForAsync(HasUpdate("job-2", JobUpdateKind.Started), "job-2 to start after the remote confirmation");
        await c.WaitForAsync(m => m.Any(x => x.Ack?.Sequence >= 4), "the confirmation to be acknowledged");
        await agent.DrivePartsAsync(c, "job-2", 0, 1);
        await c.WaitForAsync(HasUpdate("job-2", JobUpdateKind.Done), "job-2 to be done");

        // Delivered again (an ack lost on the way), then a new assignment that shows the resend was processed.
        c.Send(Confirmation(4));
        c.Send(Assignment(5, "job-4", 1));
        await c.WaitForAsync(HasUpdate("job-4", JobUpdateKind.Accepted), "job-4 to be accepted after the resend");

        Assert.Equal(HeldJobStatus.Queued, agent.Book.Jobs.Single(j => j.JobId == "job-3").Status);
        Assert.NotNull(agent.Book.AwaitingOperatorFor("cnc-1"));
    }

    private static OrchestratorMessage Confirmation(ulong sequence) => new()
    {
        Sequence = sequence,
        OperatorConfirmation = new OperatorConfirmation { CellId = "cnc-1", ConfirmedBy = "remote-lead", Note = "bed cleared", ConfirmedAt = Timestamp.FromDateTime(DateTime.UtcNow) },
    };
}
