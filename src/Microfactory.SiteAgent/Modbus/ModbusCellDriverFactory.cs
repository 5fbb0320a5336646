using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Machines;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Modbus;

/// <summary>Cells whose PLC speaks Modbus TCP (<c>Agent:Cells:{n}:Driver</c> = "modbus").</summary>
internal sealed class ModbusCellDriverFactory(TimeProvider time, ILoggerFactory loggers) : MachineCellDriverFactory(time, loggers)
{
    public const string DriverName = "modbus";

    public override string Driver => DriverName;

    protected override IMachineProtocol Protocol(CellOptions cell, AgentOptions agent) => new ModbusMachine(cell.Modbus, $"{cell.Key}:Modbus");
}
