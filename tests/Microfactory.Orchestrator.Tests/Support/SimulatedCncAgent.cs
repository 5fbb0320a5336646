using Microfactory.SiteAgent.Configuration;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>A real site agent's options for a <see cref="RealOrchestrator"/>: one simulated CNC cell, "cell-1", with bracket@1.0.0 loaded and no scrap.</summary>
public static class SimulatedCncAgent
{
    /// <param name="cell">Changes the cell (its gate, its simulation) before the options are used.</param>
    public static AgentOptions Options(RealOrchestrator orchestrator, string siteId, string credential, DirectoryInfo state, Action<CellOptions>? cell = null)
    {
        var cnc = new CellOptions
        {
            Id = "cell-1",
            Driver = "simulated",
            Capabilities = ["cnc"],
            Simulated = new SimulatedCellOptions
            {
                InstalledDesigns = ["bracket@1.0.0"],
                LoadedDesign = "bracket@1.0.0",
                CycleTime = TimeSpan.FromMilliseconds(20),
                ScrapRate = 0,
            },
        };
        cell?.Invoke(cnc);
        return new AgentOptions { OrchestratorUrl = orchestrator.AgentLink, SiteId = siteId, Credential = credential, StateDirectory = state.FullName, Cells = [cnc] };
    }
}
