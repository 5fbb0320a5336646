using Microfactory.Orchestrator.AgentLink;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// The demo's factories: one real site agent per site (the same code as src/Microfactory.SiteAgent), hosted in this
/// process but talking to the orchestrator only through the agent link, over loopback gRPC with its own credential.
/// </summary>
public sealed class DemoAgents(IOptions<DemoOptions> demo, IOptions<AgentLinkOptions> link, DemoMachines machines, ILoggerFactory loggers, TimeProvider time)
{
    public async Task<IReadOnlyList<RunningSiteAgent>> StartAsync(IReadOnlyList<DemoSite> sites, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{link.Value.Port}");
        var started = new List<RunningSiteAgent>();
        foreach (var site in sites)
        {
            var options = new AgentOptions
            {
                OrchestratorUrl = url,
                SiteId = site.Id,
                Credential = site.Credential,
                StateDirectory = Path.GetFullPath(Path.Combine(".data", "demo-agents", site.Id)),
                Cells = site.Cells.Select((cell, i) => new CellOptions
                {
                    Id = cell.Id!,
                    Driver = "simulated",
                    Capabilities = [.. cell.Capabilities!],
                    HoursAvailablePerDay = cell.HoursPerDay ?? 16,
                    Simulated = new SimulatedCellOptions
                    {
                        // The designs take 6 to 20 minutes a part; the demo runs one work hour in Demo:WorkHour.
                        CycleTime = demo.Value.WorkHour * 0.2,
                        ChangeoverTime = demo.Value.WorkHour * 0.5,
                        ScrapRate = demo.Value.ScrapRate,
                        Seed = demo.Value.Seed + i,
                        InstalledDesigns = [.. DemoCatalog.DesignsFor(cell.Capabilities!)],
                        LoadedDesign = DemoCatalog.DesignsFor(cell.Capabilities!).FirstOrDefault(),
                    },
                }).ToList(),
            };
            if (demo.Value.RealPeers && started.Count == 0)
            {
                await machines.AttachAsync(options, cancellationToken);
            }

            started.Add(await SiteAgentHost.StartAsync(options, loggers, time, cancellationToken));
        }

        return started;
    }
}

/// <summary>A demo site: its registration's cells and its agent's credential.</summary>
public sealed record DemoSite(string Id, IReadOnlyList<Microfactory.Network.Cells.CellDefinition> Cells, string Credential);
