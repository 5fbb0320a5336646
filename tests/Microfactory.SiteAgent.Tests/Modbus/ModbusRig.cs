using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.MachineAgent;

namespace Microfactory.SiteAgent.Tests.Modbus;

/// <summary>A test orchestrator, the Modbus machine simulation on a free port, and an agent whose cell drives it, connected and idle.</summary>
internal sealed class ModbusRig : IAsyncDisposable
{
    private ModbusRig(TestOrchestrator peer, MachineProcess machine, Dictionary<string, string?> configuration)
    {
        Peer = peer;
        Machine = machine;
        Configuration = configuration;
    }

    public TestOrchestrator Peer { get; }

    public MachineProcess Machine { get; }

    public Dictionary<string, string?> Configuration { get; }

    public MachineAgent? Agent { get; private set; }

    public PeerConnection Connection { get; private set; } = null!;

    /// <summary>Starts the machine (known programs: 12) and an agent; <paramref name="configure"/> changes the agent's settings first.</summary>
    public static async Task<ModbusRig> StartAsync(double cycleSeconds, Action<Dictionary<string, string?>>? configure = null, params string[] machineArguments)
    {
        var peer = await TestOrchestrator.StartAsync();
        var port = FreeTcpPort.Next();
        var machine = await MachineProcess.StartAsync("modbus_machine.py",
            ["--port", $"{port}", "--programs", "12", "--cycle", $"{cycleSeconds:0.###}", .. machineArguments]);
        var configuration = WithModbus(MachineConfiguration(peer.Address), port);
        configure?.Invoke(configuration);
        var rig = new ModbusRig(peer, machine, configuration);
        await rig.StartAgentAsync("the agent's Connect");
        return rig;
    }

    /// <summary>Starts the agent (again, on the same state directory) and waits until it reports the cell up.</summary>
    public async Task StartAgentAsync(string awaited)
    {
        Agent = await MachineAgent.StartAsync(Configuration);
        Connection = await Peer.NextConnectionAsync(awaited);
        await Connection.WaitForAsync(CellUp(), "the Modbus cell to be reported up once connected");
    }

    public async Task StopAgentAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
            Agent = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAgentAsync();
        await Machine.DisposeAsync();
        await Peer.DisposeAsync();
    }
}
