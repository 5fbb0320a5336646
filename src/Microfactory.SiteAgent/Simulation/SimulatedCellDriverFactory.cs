using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Simulation;

internal sealed class SimulatedCellDriverFactory(TimeProvider time, ILoggerFactory loggers) : ICellDriverFactory
{
    public string Driver => SimulatedCellDriver.DriverName;

    public ICellDriver Create(CellOptions cell, AgentOptions agent) =>
        new SimulatedCellDriver(cell.Id, cell.Capabilities, cell.HoursAvailablePerDay, cell.Simulated, time, loggers.CreateLogger<SimulatedCellDriver>());
}
