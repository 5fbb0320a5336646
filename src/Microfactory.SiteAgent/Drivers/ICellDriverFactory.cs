using Microfactory.SiteAgent.Configuration;

namespace Microfactory.SiteAgent.Drivers;

/// <summary>Creates the drivers of one kind from configuration; register one per kind ("simulated", "octoprint", ...).</summary>
public interface ICellDriverFactory
{
    /// <summary>The value of <c>Agent:Cells:{n}:Driver</c> this factory serves.</summary>
    string Driver { get; }

    ICellDriver Create(CellOptions cell);
}
