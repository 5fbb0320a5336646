using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.MachineAgent;

namespace Microfactory.SiteAgent.Tests.Mqtt;

/// <summary>
/// A test orchestrator, a real mosquitto on free loopback ports (TLS), the MQTT machine simulation on it, and an
/// agent whose cell drives that machine through the broker.
/// </summary>
internal sealed class MqttRig : IAsyncDisposable
{
    public const string CommandTopic = "factory/osaka-01/cnc-1/command";
    public const string StatusTopic = "factory/osaka-01/cnc-1/status";
    public const string AvailabilityTopic = "factory/osaka-01/cnc-1/availability";

    private MqttRig(TestOrchestrator peer, MosquittoBroker broker, Dictionary<string, string?> configuration)
    {
        Peer = peer;
        Broker = broker;
        Configuration = configuration;
    }

    public TestOrchestrator Peer { get; }

    public MosquittoBroker Broker { get; }

    public MachineProcess Machine { get; private set; } = null!;

    public Dictionary<string, string?> Configuration { get; }

    public MachineAgent Agent { get; private set; } = null!;

    public PeerConnection Connection { get; private set; } = null!;

    /// <summary>The agent authenticates with the broker's user name and password unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<MqttRig> StartAsync(double cycleSeconds, Action<MqttRig, Dictionary<string, string?>>? configure = null, bool waitForCellUp = true)
    {
        var peer = await TestOrchestrator.StartAsync();
        var broker = await MosquittoBroker.StartAsync();
        const string m = "Agent:Cells:0:Mqtt";
        var configuration = MachineConfiguration(peer.Address);
        configuration["Agent:Cells:0:Driver"] = "mqtt";
        configuration[$"{m}:Host"] = "127.0.0.1";
        configuration[$"{m}:Port"] = $"{broker.PasswordPort}";
        configuration[$"{m}:Username"] = MosquittoBroker.Username;
        configuration[$"{m}:Password"] = MosquittoBroker.Password;
        configuration[$"{m}:Tls:CaFile"] = broker.Certificates.CaFile;
        configuration[$"{m}:CommandTopic"] = CommandTopic;
        configuration[$"{m}:StatusTopic"] = StatusTopic;
        configuration[$"{m}:AvailabilityTopic"] = AvailabilityTopic;
        configuration[$"{m}:KeepAlive"] = "00:00:02";
        var rig = new MqttRig(peer, broker, configuration);
        configure?.Invoke(rig, configuration);
        await rig.StartMachineAsync(cycleSeconds);
        rig.Agent = await MachineAgent.StartAsync(configuration);
        rig.Connection = await peer.NextConnectionAsync("the agent's Connect");
        if (waitForCellUp)
        {
            await rig.Connection.WaitForAsync(CellUp(), "the MQTT cell to be reported up once the machine's status arrived");
        }

        return rig;
    }

    /// <summary>Starts a machine simulation (again) on the broker's password listener.</summary>
    public async Task StartMachineAsync(double cycleSeconds)
    {
        Machine = await MachineProcess.StartAsync("mqtt_machine.py",
            "--port", $"{Broker.PasswordPort}", "--username", MosquittoBroker.Username, "--password", MosquittoBroker.Password,
            "--ca-file", Broker.Certificates.CaFile, "--command-topic", CommandTopic, "--status-topic", StatusTopic,
            "--availability-topic", AvailabilityTopic, "--programs", "12", "--cycle", $"{cycleSeconds:0.###}");
        await Machine.WaitForAsync("connected", "the machine to connect to the broker");
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Machine.DisposeAsync();
        await Broker.DisposeAsync();
        await Peer.DisposeAsync();
    }
}
