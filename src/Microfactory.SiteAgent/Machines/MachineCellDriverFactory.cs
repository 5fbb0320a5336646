using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Machines;

/// <summary>A machine family on a wire: the same <see cref="MachineCellDriver"/> over the family's own protocol.</summary>
internal abstract class MachineCellDriverFactory(TimeProvider time, ILoggerFactory loggers) : ICellDriverFactory
{
    public abstract string Driver { get; }

    public ICellDriver Create(CellOptions cell, AgentOptions agent) =>
        new MachineCellDriver(
            cell,
            Protocol(cell, agent),
            new MachineRunStore(agent.ResolveStateDirectory(), cell.Id),
            time,
            loggers.CreateLogger<MachineCellDriver>());

    protected abstract IMachineProtocol Protocol(CellOptions cell, AgentOptions agent);
}
