using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.Rollouts;

/// <summary>
/// Rollouts across ten real site agents on loopback gRPC: each downloads the uploaded bundle over DownloadArtifact,
/// verifies it and installs it, or fails where a fault is injected, and the rollout moves, aborts and rolls back on
/// what they report.
/// </summary>
public sealed class RealAgentRolloutTests
{
    private static readonly string[] SiteIds = [.. Enumerable.Range(1, 10).Select(i => $"site-{i:00}")];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_clean_rollout_over_ten_agents_completes_wave_by_wave()
    {
        await using var network = await AgentNetwork.StartAsync(failing: []);

        await network.StartRolloutAsync("clean");
        var rollout = await network.WaitForPhaseAsync("clean", "Completed");

        var waves = rollout.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal(3, waves.Count);
        for (var i = 0; i < waves.Count; i++)
        {
            Assert.Equal("Succeeded", waves[i].GetProperty("phase").GetString());
            Assert.Equal(waves[i].GetProperty("sites").GetInt32(), waves[i].GetProperty("installed").GetInt32());
            if (i > 0)
            {
                // A wave starts only once the one before it met its threshold.
                Assert.True(waves[i].GetProperty("startedAt").GetDateTimeOffset() >= waves[i - 1].GetProperty("succeededAt").GetDateTimeOffset(), $"wave {i} started before wave {i - 1} succeeded");
            }
        }

        Assert.All(rollout.GetProperty("sites").EnumerateArray(), s => Assert.Equal("Installed", s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Install_failures_abort_at_the_error_threshold_and_roll_back_only_the_sites_that_were_sent_it()
    {
        // Canary site-01, then 50 % (sites 02-05), then the rest: the two faulty agents are both in the second wave.
        await using var network = await AgentNetwork.StartAsync(failing: ["site-03", "site-04"]);

        await network.StartRolloutAsync("faulty");
        var rollout = await network.WaitForPhaseAsync("faulty", "RolledBack");

        Assert.Equal(2, rollout.GetProperty("failures").GetInt32());
        var sites = rollout.GetProperty("sites").EnumerateArray().ToDictionary(s => s.GetProperty("siteId").GetString()!);
        foreach (var id in new[] { "site-03", "site-04" })
        {
            Assert.True(sites[id].GetProperty("installFailed").GetBoolean(), $"{id} should have failed its install");
            Assert.False(string.IsNullOrEmpty(sites[id].GetProperty("reason").GetString()), $"{id} failed without a reason");
        }

        foreach (var id in SiteIds[..5])
        {
            Assert.True(sites[id].GetProperty("rollbackSent").GetBoolean(), $"{id} was sent the install, so it must be rolled back");
        }

        Assert.Equal("RolledBack", sites["site-01"].GetProperty("state").GetString());
        foreach (var id in SiteIds[5..])
        {
            Assert.False(sites[id].GetProperty("installSent").GetBoolean(), $"{id} is in a wave that never started");
        }
    }

    private sealed class AgentNetwork : IAsyncDisposable
    {
        private readonly RealOrchestrator _orchestrator;
        private readonly List<RunningSiteAgent> _agents;
        private readonly DirectoryInfo _root;

        private AgentNetwork(RealOrchestrator orchestrator, List<RunningSiteAgent> agents, DirectoryInfo root)
        {
            _orchestrator = orchestrator;
            _agents = agents;
            _root = root;
        }

        public static async Task<AgentNetwork> StartAsync(string[] failing)
        {
            var root = Directory.CreateTempSubdirectory("mf-rollout-");
            var credentials = SiteIds.ToDictionary(id => id, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            var orchestrator = await RealOrchestrator.StartAsync(credentials, settings: new Dictionary<string, string?> { ["Rollouts:PollInterval"] = "00:00:00.200" });
            await orchestrator.SeedAsync(SiteIds);
            await PutAsync(orchestrator.Admin, "/api/designs/bracket/versions/2.0.0", JsonContent.Create(new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" }));
            var bundle = RandomNumberGenerator.GetBytes(3 * 256 * 1024 + 123); // several chunks, the last one short
            using (var upload = new ByteArrayContent(bundle))
            {
                upload.Headers.ContentType = new("application/octet-stream");
                upload.Headers.Add("X-Content-SHA256", Convert.ToHexStringLower(SHA256.HashData(bundle)));
                await PutAsync(orchestrator.Admin, "/api/designs/bracket/versions/2.0.0/bundle", upload);
            }

            var agents = new List<RunningSiteAgent>();
            foreach (var id in SiteIds)
            {
                var options = new AgentOptions
                {
                    OrchestratorUrl = orchestrator.AgentLink,
                    SiteId = id,
                    Credential = credentials[id],
                    StateDirectory = root.CreateSubdirectory(id).FullName,
                    Cells =
                    [
                        new CellOptions
                        {
                            Id = "cell-1",
                            Driver = "simulated",
                            Capabilities = ["cnc"],
                            Simulated = new SimulatedCellOptions { InstalledDesigns = ["bracket@1.0.0"], LoadedDesign = "bracket@1.0.0" },
                        },
                    ],
                };
                if (failing.Contains(id))
                {
                    FailInstallOf(options, "bracket@2.0.0");
                }

                agents.Add(await SiteAgentHost.StartAsync(options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).Within($"agent {id} to start"));
            }

            var network = new AgentNetwork(orchestrator, agents, root);
            await Await.Until(network.AllConnectedAsync, "all ten agents to connect", Patience);
            return network;
        }

        public async Task StartRolloutAsync(string id)
        {
            var body = new { id, design = "bracket@2.0.0", canaryCount = 1, steps = new[] { 50, 100 }, successThresholdPercent = 100, errorThreshold = 2 };
            using var response = await _orchestrator.Admin.PostAsJsonAsync("/api/rollouts", body);
            Assert.True(response.IsSuccessStatusCode, $"POST /api/rollouts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async Task<JsonElement> WaitForPhaseAsync(string id, string phase)
        {
            JsonElement last = default;
            try
            {
                await Await.Until(async () =>
                {
                    last = await _orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/rollouts/{id}");
                    return last.GetProperty("phase").GetString() == phase;
                }, $"rollout {id} to reach {phase}", Patience);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} Last seen: {last}", e);
            }

            return last;
        }

        private async Task<bool> AllConnectedAsync()
        {
            foreach (var id in SiteIds)
            {
                var site = await _orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/sites/{id}");
                if (!site.GetProperty("connected").GetBoolean())
                {
                    return false;
                }
            }

            return true;
        }

        private static async Task PutAsync(HttpClient client, string path, HttpContent content)
        {
            using var response = await client.PutAsync(path, content);
            Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var agent in _agents)
            {
                await agent.DisposeAsync();
            }

            await _orchestrator.DisposeAsync();
            _root.Delete(recursive: true);
        }
    }

    /// <summary>The agent's own fault option (Agent:Designs:FailInstallFor): its install of the design fails with a reason.</summary>
    private static void FailInstallOf(AgentOptions options, string design) => options.Designs.FailInstallFor.Add(design);
}
