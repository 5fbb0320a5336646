namespace Microfactory.SiteAgent.State;

/// <summary>Everything the agent must remember across restarts (docs/agent-protocol.md, "Sequences").</summary>
public sealed class AgentStateData
{
    /// <summary>The highest orchestrator sequence recorded durably and acknowledged (Hello.last_acknowledged_sequence).</summary>
    public ulong LastAcknowledgedSequence { get; set; }

    /// <summary>The sequence the next JobUpdate / DesignInstallAck gets.</summary>
    public ulong NextAgentSequence { get; set; } = 1;

    /// <summary>The highest agent sequence the orchestrator acknowledged.</summary>
    public ulong AgentSequenceAcknowledged { get; set; }

    /// <summary>Welcome.lost_after of the last session, so a restarted agent still respects it before reconnecting.</summary>
    public TimeSpan? LostAfter { get; set; }

    public long NextArrivalOrder { get; set; }

    public List<HeldJob> Jobs { get; set; } = [];

    /// <summary>Design updates received, pending or done (done ones are kept so a resend is not installed twice).</summary>
    public List<HeldDesignUpdate> Designs { get; set; } = [];

    /// <summary>Designs this agent installed on its cells (not the ones configured).</summary>
    public List<InstalledCellDesign> InstalledDesigns { get; set; } = [];

    /// <summary>Cells whose operator gate is closed: each waits for a confirmation before its next job.</summary>
    public List<AwaitingOperator> AwaitingOperator { get; set; } = [];

    /// <summary>Sequenced messages not yet acknowledged, in sequence order.</summary>
    public List<OutboxEntry> Outbox { get; set; } = [];
}

/// <summary>One sequenced AgentMessage (protobuf, base64) waiting for the orchestrator's Ack.</summary>
public sealed record OutboxEntry(ulong Sequence, string Message);

/// <summary>A cell held after a job until someone confirms its machine is clear (the operator gate).</summary>
/// <param name="AfterJobId">The job whose end closed the gate.</param>
public sealed record AwaitingOperator(string CellId, string AfterJobId, DateTimeOffset Since);
