using Microfactory.SiteAgent.Configuration;

namespace Microfactory.SiteAgent.Drivers;

/// <summary>Creates the drivers of one kind from configuration; register one per machine family ("simulated", "modbus", "mqtt").</summary>
public interface ICellDriverFactory
{
    /// <summary>The value of <c>Agent:Cells:{n}:Driver</c> this factory serves.</summary>
    string Driver { get; }

    /// <param name="cell">The cell's validated settings.</param>
    /// <param name="agent">The agent's settings (site id, state directory) the driver may need.</param>
    ICellDriver Create(CellOptions cell, AgentOptions agent);
}
