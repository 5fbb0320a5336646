using Microfactory.Contracts.Agent.V1;
using Microsoft.Extensions.Hosting;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// A site agent host (as Program.cs builds it) on the real clock, dialling a <see cref="TestOrchestrator"/>, with one
/// cell "cnc-1" whose machine is a real peer (a Modbus TCP server or an MQTT broker with a simulated machine behind it).
/// </summary>
internal sealed class MachineAgent : IAsyncDisposable
{
    public const string CellId = "cnc-1";
    public const string DesignA = "bracket-a@1.0.0";

    /// <summary>A design the agent maps to program 99, which the simulated machines do not know.</summary>
    public const string UnknownProgramDesign = "housing-b@2.1.0";

    private MachineAgent(IHost host) => Host = host;

    public IHost Host { get; }

    public static Dictionary<string, string?> MachineConfiguration(Uri orchestrator, string? stateDirectory = null) => new()
    {
        ["Agent:OrchestratorUrl"] = orchestrator.ToString(),
        ["Agent:SiteId"] = "osaka-01",
        ["Agent:Credential"] = AgentHosts.Credential,
        ["Agent:StateDirectory"] = stateDirectory ?? Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N")),
        ["Agent:ProgressInterval"] = "00:00:00",
        ["Agent:Cells:0:Id"] = CellId,
        ["Agent:Cells:0:Capabilities:0"] = "cnc-milling",
        ["Agent:Cells:0:Machine:Programs:0:Design"] = DesignA,
        ["Agent:Cells:0:Machine:Programs:0:Number"] = "12",
        ["Agent:Cells:0:Machine:Programs:1:Design"] = UnknownProgramDesign,
        ["Agent:Cells:0:Machine:Programs:1:Number"] = "99",
        ["Agent:Cells:0:Machine:CycleTime"] = "00:00:01",
        ["Agent:Cells:0:Machine:PollInterval"] = "00:00:00.050",
        ["Agent:Cells:0:Machine:StartTimeout"] = "00:00:05",
        ["Agent:Cells:0:Machine:ReconnectDelay"] = "00:00:00.100",
        ["Agent:Cells:0:Machine:MaxReconnectDelay"] = "00:00:00.500",
    };

    /// <summary>The register map of tests/machines/modbus_machine.py (and of the example in docs/cell-drivers.md).</summary>
    public static Dictionary<string, string?> WithModbus(Dictionary<string, string?> configuration, int port)
    {
        const string m = "Agent:Cells:0:Modbus";
        configuration["Agent:Cells:0:Driver"] = "modbus";
        configuration[$"{m}:Host"] = "127.0.0.1";
        configuration[$"{m}:Port"] = $"{port}";
        configuration[$"{m}:UnitId"] = "1";
        configuration[$"{m}:RequestTimeout"] = "00:00:01";
        configuration[$"{m}:Coils:Start"] = "0";
        configuration[$"{m}:Coils:Stop"] = "1";
        configuration[$"{m}:Coils:Reset"] = "2";
        configuration[$"{m}:Registers:Program:Address"] = "0";
        configuration[$"{m}:Registers:Quantity:Address"] = "1";
        configuration[$"{m}:Registers:Quantity:Type"] = "UInt32";
        configuration[$"{m}:Registers:Good:Address"] = "10";
        configuration[$"{m}:Registers:Good:Type"] = "UInt32";
        configuration[$"{m}:Registers:Scrap:Address"] = "12";
        configuration[$"{m}:Registers:Scrap:Type"] = "UInt32";
        configuration[$"{m}:Registers:State:Address"] = "20";
        configuration[$"{m}:Registers:Alarm:Address"] = "21";
        configuration[$"{m}:Registers:AlarmText:Address"] = "22";
        configuration[$"{m}:Registers:AlarmText:Length"] = "16";
        return configuration;
    }

    public static async Task<MachineAgent> StartAsync(IDictionary<string, string?> configuration, CapturedLogs? logs = null)
    {
        var host = AgentHosts.Build(configuration, logs);
        await host.StartAsync().Within("the site agent to start");
        return new MachineAgent(host);
    }

    public static OrchestratorMessage MachineJob(ulong sequence, string jobId, uint quantity, string design = DesignA) =>
        LinkedAgent.Assignment(sequence, jobId, quantity, CellId, design: design);

    /// <summary>A capacity report after the first <paramref name="after"/> messages shows the cell in <paramref name="state"/>.</summary>
    public static Func<IReadOnlyList<AgentMessage>, bool> CellReported(CellState state, int after = 0) =>
        messages => messages.Skip(after).Any(m => m.CapacityReport?.Cells.Any(c => c.CellId == CellId && c.State == state) == true);

    /// <summary>A capacity report shows the cell up (any state but DOWN): its machine is connected and answering.</summary>
    public static Func<IReadOnlyList<AgentMessage>, bool> CellUp() =>
        messages => messages.Any(m => m.CapacityReport?.Cells.Any(c => c.CellId == CellId && c.State != CellState.Down) == true);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().Within("the site agent to stop");
        Host.Dispose();
    }
}
