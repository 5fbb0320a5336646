using Google.Protobuf.WellKnownTypes;
using Microfactory.Network.Designs;
using Microfactory.Network.Sites;
using Proto = Microfactory.Contracts.Agent.V1;
using RoutingCellState = Microfactory.Network.Routing.CellState;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>Between the public agent contract (microfactory.agent.v1) and the domain's link types.</summary>
public static class ContractMapping
{
    public static RoutingCellState ToDomain(this Proto.CellState state) => state switch
    {
        Proto.CellState.Running or Proto.CellState.ChangingOver => RoutingCellState.Busy,
        Proto.CellState.Down => RoutingCellState.Down,
        _ => RoutingCellState.Idle,
    };

    public static CellReport ToDomain(this Proto.CellInfo cell) =>
        new(cell.CellId, cell.State.ToDomain(), cell.InstalledDesigns.Select(d => d.DesignVersion).ToList()) { Capabilities = [.. cell.Capabilities] };

    public static CellReport ToDomain(this Proto.CellCapacity cell) =>
        new(cell.CellId, cell.State.ToDomain(), null) { AwaitingOperator = cell.AwaitingOperator };

    /// <summary>The domain update, or null for a kind this orchestrator does not know (ignored, as the contract says).</summary>
    public static JobUpdate? ToDomain(this Proto.JobUpdate update, DateTimeOffset receivedAt)
    {
        JobUpdateKind? kind = update.Kind switch
        {
            Proto.JobUpdateKind.Accepted => JobUpdateKind.Accepted,
            Proto.JobUpdateKind.Started => JobUpdateKind.Started,
            Proto.JobUpdateKind.Progress => JobUpdateKind.Progress,
            Proto.JobUpdateKind.Done => JobUpdateKind.Done,
            Proto.JobUpdateKind.Failed => JobUpdateKind.Failed,
            Proto.JobUpdateKind.Rejected => JobUpdateKind.Rejected,
            Proto.JobUpdateKind.Cancelled => JobUpdateKind.Cancelled,
            _ => null,
        };
        var at = update.OccurredAt?.ToDateTimeOffset() ?? receivedAt;
        return kind is { } k
            ? new JobUpdate(update.JobId, k, (int)update.GoodCount, (int)update.ScrapCount, string.IsNullOrEmpty(update.Reason) ? null : update.Reason, at)
            {
                // A reading that is not a finite, non-negative number is no reading: the design's estimate stands.
                EnergyKwh = update.Energy is { } reading && double.IsFinite(reading.Kwh) && reading.Kwh >= 0 ? reading.Kwh : null,
            }
            : null;
    }

    public static Proto.OrchestratorMessage ToContract(this OutboxMessage message) => message.Kind switch
    {
        OutboxKind.Assign => new Proto.OrchestratorMessage
        {
            Sequence = (ulong)message.Sequence,
            JobAssignment = message.Assignment!.ToContract(),
        },
        OutboxKind.Design => new Proto.OrchestratorMessage
        {
            Sequence = (ulong)message.Sequence,
            DesignUpdate = message.Design!.ToContract(),
        },
        OutboxKind.OperatorConfirmation => new Proto.OrchestratorMessage
        {
            Sequence = (ulong)message.Sequence,
            OperatorConfirmation = new Proto.OperatorConfirmation
            {
                CellId = message.Confirmation!.CellId,
                ConfirmedBy = message.Confirmation.ConfirmedBy,
                Note = message.Confirmation.Note ?? "",
                ConfirmedAt = Timestamp.FromDateTimeOffset(message.Confirmation.ConfirmedAt),
            },
        },
        _ => new Proto.OrchestratorMessage
        {
            Sequence = (ulong)message.Sequence,
            JobCancellation = new Proto.JobCancellation { JobId = message.JobId, OrderId = message.OrderId ?? "", Reason = message.Reason ?? "" },
        },
    };

    public static Proto.DesignUpdate ToContract(this DesignInstruction instruction)
    {
        var update = new Proto.DesignUpdate
        {
            DesignVersion = instruction.Design,
            Sha256 = instruction.Sha256,
            SizeBytes = (ulong)instruction.SizeBytes,
            ArtifactId = instruction.Sha256,
            RolloutId = instruction.RolloutId,
            Action = instruction.Action == DesignAction.Rollback ? Proto.DesignAction.Rollback : Proto.DesignAction.Install,
            PreviousDesignVersion = instruction.PreviousDesign ?? "",
        };
        update.RequiredCapabilities.AddRange(instruction.Capabilities);
        return update;
    }

    /// <summary>The site's design status an ack reports, or null for a status this orchestrator does not know.</summary>
    public static SiteDesignStatus? ToDomain(this Proto.DesignInstallAck ack, DateTimeOffset receivedAt)
    {
        SiteDesignState? state = ack.Status switch
        {
            Proto.DesignInstallStatus.Downloading => SiteDesignState.Downloading,
            Proto.DesignInstallStatus.Installed => SiteDesignState.Installed,
            Proto.DesignInstallStatus.Failed => SiteDesignState.Failed,
            Proto.DesignInstallStatus.RolledBack => SiteDesignState.RolledBack,
            _ => null,
        };
        return state is { } s
            ? new SiteDesignStatus(ack.DesignVersion, s, string.IsNullOrEmpty(ack.Reason) ? null : ack.Reason, string.IsNullOrEmpty(ack.RolloutId) ? null : ack.RolloutId, receivedAt)
            : null;
    }

    private static Proto.JobAssignment ToContract(this JobAssignment job)
    {
        var contract = new Proto.JobAssignment
        {
            JobId = job.JobId,
            OrderId = job.OrderId,
            CellId = job.CellId,
            DesignVersion = job.Design,
            Quantity = (uint)job.Quantity,
            DueAt = Timestamp.FromDateTimeOffset(job.DueAt),
            Priority = (int)job.Priority,
        };
        contract.Parameters.AddRange(job.Parameters.Select(p => new Proto.JobParameter { Name = p.Name, Value = p.Value, Unit = p.Unit ?? "" }));
        if (job.TraceParent is { } traceParent)
        {
            contract.TraceContext = new Proto.TraceContext { Traceparent = traceParent };
        }

        return contract;
    }
}
