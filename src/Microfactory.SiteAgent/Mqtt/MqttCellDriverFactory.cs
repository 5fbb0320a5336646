using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Machines;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Mqtt;

/// <summary>Cells whose machine talks through an MQTT broker (<c>Agent:Cells:{n}:Driver</c> = "mqtt").</summary>
internal sealed class MqttCellDriverFactory(TimeProvider time, ILoggerFactory loggers) : MachineCellDriverFactory(time, loggers)
{
    public const string DriverName = "mqtt";

    public override string Driver => DriverName;

    protected override IMachineProtocol Protocol(CellOptions cell, AgentOptions agent) =>
        new MqttMachine(cell.Mqtt, cell.Mqtt.ClientId ?? $"mf-agent-{agent.SiteId}-{cell.Id}", $"{cell.Key}:Mqtt");
}
