using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microfactory.Contracts.Agent.V1;

namespace Microfactory.Contracts.Tests;

/// <summary>
/// One realistic message per kind the link carries, every field set to a non-default value somewhere
/// (SampleCoverageTests keeps it that way), including non-ASCII text and large numbers.
/// </summary>
public static class SampleMessages
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 30, 15, 123, TimeSpan.Zero);

    // What an agent's first start sends and gets (enrolment.proto); real tokens and credentials are random base64url.
    private static readonly IReadOnlyDictionary<string, IMessage> Enrolment = new Dictionary<string, IMessage>
    {
        ["enroll_request"] = new EnrollRequest { SiteId = "osaka-01", EnrolmentToken = "q3Vx9kTtZ0bYwJm2aL7cN4pR8sU1eH6iG5fD0oK_-zA", AgentVersion = "1.4.2" },
        ["enroll_response"] = new EnrollResponse { Credential = "osaka-01.Zx8Lw2nQ5rT9yB3cV7mK1pJ4hF6gD0sA_-eU2iO8aXq", IssuedAt = At(9) },
    };

    public static IReadOnlyDictionary<string, IMessage> All { get; } = new Dictionary<string, IMessage>
    {
        ["hello"] = new AgentMessage { Hello = Hello() },
        ["capacity_report"] = new AgentMessage { CapacityReport = CapacityReport() },
        ["job_update"] = new AgentMessage { Sequence = 41, JobUpdate = JobUpdate(JobUpdateKind.Failed) },
        ["agent_ack"] = new AgentMessage { Ack = new Ack { Sequence = ulong.MaxValue - 1 } },
        ["design_install_ack"] = new AgentMessage { Sequence = 42, DesignInstallAck = DesignInstallAck() },
        ["heartbeat"] = new AgentMessage { Heartbeat = new Heartbeat { SentAt = At(5) } },
        ["welcome"] = new OrchestratorMessage { Welcome = Welcome() },
        ["job_assignment"] = new OrchestratorMessage { Sequence = 1_000_001, JobAssignment = JobAssignment() },
        ["job_cancellation"] = new OrchestratorMessage
        {
            Sequence = 1_000_002,
            JobCancellation = new JobCancellation { JobId = "job-7f3a", OrderId = "ord-2026-0042", Reason = "Kunde hat storniert (Änderung)" },
        },
        ["design_update"] = new OrchestratorMessage { Sequence = 1_000_003, DesignUpdate = DesignUpdate() },
        ["orchestrator_ack"] = new OrchestratorMessage { Ack = new Ack { Sequence = 42 } },
        ["notice"] = new OrchestratorMessage { Notice = Notice() },
        ["operator_confirmation"] = new OrchestratorMessage
        {
            Sequence = 1_000_004,
            OperatorConfirmation = new OperatorConfirmation { CellId = "printer-2", ConfirmedBy = "Schichtleitung Jürgen", Note = "Druckbett geräumt ✓", ConfirmedAt = At(7) },
        },
        ["artifact_request"] = new ArtifactRequest { ArtifactId = "sha256:" + Sha256, Offset = 5_000_000_000 },
        ["artifact_chunk"] = new ArtifactChunk
        {
            Offset = 1_048_576,
            Data = ByteString.CopyFrom([0x00, 0xFF, 0x47, 0x31, 0x20, 0x58, 0x31, 0x30]),
            TotalSize = 104_857_600,
        },
    }.Concat(Enrolment).ToDictionary();

    public static IEnumerable<object[]> Names => All.Keys.Select(name => new object[] { name });

    private const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Timestamp At(int secondsAfterNow) => Timestamp.FromDateTimeOffset(Now.AddSeconds(secondsAfterNow));

    private static Hello Hello() => new()
    {
        SiteId = "osaka-01",
        AgentVersion = "1.4.2",
        LastAcknowledgedSequence = 1_000_000,
        AgentInstanceId = "5c1e0f6a-agent",
        AgentTime = At(0),
        Cells =
        {
            new CellInfo
            {
                CellId = "cnc-1",
                Capabilities = { "cnc-milling", "deburring" },
                State = CellState.Running,
                InstalledDesigns =
                {
                    new InstalledDesign { DesignVersion = "bracket-a@1.4.0", Sha256 = Sha256 },
                    new InstalledDesign { DesignVersion = "bracket-a@1.3.9", Sha256 = new string('0', 64) },
                },
                LoadedDesignVersion = "bracket-a@1.4.0",
                Driver = "simulated",
            },
            new CellInfo { CellId = "printer-2", Capabilities = { "fdm-printing" }, State = CellState.Down },
        },
        Jobs =
        {
            JobUpdate(JobUpdateKind.Progress),
            new JobUpdate { JobId = "job-queued", OrderId = "ord-9", CellId = "printer-2", Kind = JobUpdateKind.Accepted, Quantity = 3, OccurredAt = At(-60) },
        },
    };

    private static CapacityReport CapacityReport() => new()
    {
        MeasuredAt = At(1),
        Cells =
        {
            new CellCapacity
            {
                CellId = "cnc-1",
                State = CellState.ChangingOver,
                HoursAvailablePerDay = 16.5,
                Backlog = Duration.FromTimeSpan(TimeSpan.FromMinutes(367.25)),
                QueueDepth = 4,
                CurrentJobId = "job-7f3a",
                LoadedDesignVersion = "bracket-a@1.4.0",
            },
            new CellCapacity { CellId = "printer-2", State = CellState.Down, DownUntil = At(3600), AwaitingOperator = true },
        },
    };

    private static JobUpdate JobUpdate(JobUpdateKind kind) => new()
    {
        JobId = "job-7f3a",
        OrderId = "ord-2026-0042",
        CellId = "cnc-1",
        Kind = kind,
        GoodCount = 17,
        ScrapCount = 2,
        Quantity = 40,
        Reason = "spindle overload at part 20 — 主軸過負荷",
        OccurredAt = At(2),
        StartedAt = At(-900),
        FinishedAt = At(2),
        Energy = new EnergyReading { Kwh = 3.75 },
        TraceContext = new TraceContext
        {
            Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            Tracestate = "mf=agent,rojo=00f067aa0ba902b7",
        },
    };

    private static DesignInstallAck DesignInstallAck() => new()
    {
        DesignVersion = "bracket-a@1.4.0",
        Sha256 = Sha256,
        Status = DesignInstallStatus.Failed,
        Reason = "sha256 mismatch",
        CellIds = { "cnc-1", "cnc-2" },
        RolloutId = "rollout-12",
    };

    private static Welcome Welcome() => new()
    {
        ResumeAfterSequence = 999_998,
        LastReceivedAgentSequence = 40,
        ServerTime = At(0),
        HeartbeatInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        CapacityReportInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
        SessionId = "sess-01HZX",
        LostAfter = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
    };

    private static JobAssignment JobAssignment() => new()
    {
        JobId = "job-7f3a",
        OrderId = "ord-2026-0042",
        CellId = "cnc-1",
        DesignVersion = "bracket-a@1.4.0",
        DesignSha256 = Sha256,
        Quantity = 40,
        DueAt = At(86_400 * 3),
        Priority = -5,
        TraceContext = new TraceContext { Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Tracestate = "congo=t61rcWkgMzE" },
        AssignedAt = At(-1),
        Parameters =
        {
            new JobParameter { Name = "width", Value = "120.5", Unit = "mm" },
            new JobParameter { Name = "engraving", Value = "Für Åsa — 寿司" },
        },
    };

    private static DesignUpdate DesignUpdate() => new()
    {
        DesignVersion = "bracket-a@1.4.0",
        Sha256 = Sha256,
        SizeBytes = 104_857_600,
        ArtifactId = Sha256,
        CellIds = { "cnc-1" },
        RequiredCapabilities = { "cnc-milling" },
        RolloutId = "rollout-12",
        Action = DesignAction.Rollback,
        PreviousDesignVersion = "bracket-a@1.3.9",
    };

    private static LinkNotice Notice() => new()
    {
        Code = NoticeCode.ShuttingDown,
        Message = "node draining for upgrade",
        RetryAfter = Duration.FromTimeSpan(TimeSpan.FromSeconds(2.5)),
        RelatedSequence = 41,
    };
}
