using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Link;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// An order's customisation reaches a real site agent over gRPC exactly as the order shows it, the simulated cell
/// sizes its work by it, and the cell's energy reading comes back to the order and its KPIs.
/// </summary>
public sealed class RealAgentParameterTests
{
    private const string SiteId = "osaka-01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Not ASCII, not NFC-normalised on purpose (a combining ring), and with characters JSON escapes: bytes must survive.
    private const string Engraving = "Fu\u0308r A\u030Asa — 寿司 \"<&>\"";

    [Fact]
    public async Task Parameters_reach_the_agent_byte_exact_and_the_cells_energy_reading_reaches_the_order()
    {
        var root = Directory.CreateTempSubdirectory("mf-params-");
        var credential = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var orchestrator = await RealOrchestrator.StartAsync(new Dictionary<string, string> { [SiteId] = credential });
        try
        {
            await orchestrator.SeedAsync(SiteId);
            await PutAsync(orchestrator.Admin, "/api/designs/plate/versions/1.0.0", new
            {
                capabilities = new[] { "cnc" },
                cycleTimePerPart = "00:06:00",
                energyKwhPerPart = 9.0, // the design's estimate, which the machine's own reading replaces
                parameters = new object[]
                {
                    new { name = "length", type = "Decimal", unit = "mm", min = 1, max = 1000, required = true },
                    new { name = "engraving", type = "Text", maxLength = 100 },
                },
            });

            var options = SimulatedCncAgent.Options(orchestrator, SiteId, credential, root, cell => cell.Simulated = new SimulatedCellOptions
            {
                InstalledDesigns = ["plate@1.0.0"],
                LoadedDesign = "plate@1.0.0",
                CycleTime = TimeSpan.FromMilliseconds(20),
                ScrapRate = 0,
                SizeParameter = "length",
                ReferenceSize = 100,
                EnergyKwhPerPart = 0.5,
            });
            await using var agent = await SiteAgentHost.StartAsync(options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).Within("the agent to start");

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new
                {
                    product = "plate",
                    quantity = 4,
                    dueAt = DateTimeOffset.UtcNow.AddDays(2),
                    deliveryCityId = "osaka",
                    parameters = new Dictionary<string, object> { ["length"] = 250.25m, ["engraving"] = Engraving },
                }),
            };
            request.Headers.Add("Idempotency-Key", "plate-custom-1");
            using var submitted = await orchestrator.Admin.SendAsync(request).Within("the order to be submitted");
            var body = await submitted.Content.ReadAsStringAsync();
            Assert.True(submitted.IsSuccessStatusCode, body);
            var order = JsonDocument.Parse(body).RootElement;
            var id = order.GetProperty("id").GetString()!;
            var shown = order.GetProperty("spec").GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            Assert.Equal(new Dictionary<string, string> { ["engraving"] = Engraving, ["length"] = "250.25" }, shown);

            JsonElement last = default;
            await Await.Until(async () =>
            {
                last = await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
                return last.GetProperty("status").GetString() == "Completed";
            }, "the customised order to complete on the agent", Patience);

            // What the agent holds is what arrived over gRPC: the same text, code unit for code unit.
            var held = Assert.Single(agent.Services.GetRequiredService<JobBook>().Jobs);
            Assert.Equal(shown, held.Parameters);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Engraving), System.Text.Encoding.UTF8.GetBytes(held.Parameters["engraving"]));

            // The cell scaled its work by length ÷ reference size, and its meter says so: 0.5 kWh × 2.5025 × 4 parts.
            Assert.Equal(0.5 * 2.5025 * 4, last.GetProperty("energyKwh").GetDouble(), 9);
            var kpi = await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}/kpis");
            Assert.Equal(0.5 * 2.5025 * 4, kpi.GetProperty("energyKwh").GetDouble(), 9);
            Assert.Equal(4, kpi.GetProperty("good").GetInt32());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Parameters_and_their_declarations_survive_a_restart_on_the_local_store()
    {
        var store = Directory.CreateTempSubdirectory("mf-params-store-");
        try
        {
            string id;
            await using (var first = await RealOrchestrator.StartAsync(new Dictionary<string, string>(), store.FullName))
            {
                await first.SeedAsync(SiteId);
                await PutAsync(first.Admin, "/api/designs/plate/versions/1.0.0", new
                {
                    capabilities = new[] { "cnc" },
                    cycleTimePerPart = "00:06:00",
                    parameters = new object[] { new { name = "colour", type = "Choice", choices = new[] { "red", "blue" }, @default = "red", changeover = true } },
                });
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = JsonContent.Create(new { product = "plate", quantity = 1, dueAt = DateTimeOffset.UtcNow.AddDays(2), deliveryCityId = "osaka", parameters = new { colour = "blue" }, deliveryMode = "truck" }),
                };
                request.Headers.Add("Idempotency-Key", "plate-restart-1");
                using var submitted = await first.Admin.SendAsync(request).Within("the order to be submitted");
                Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
                id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            }

            await using var second = await RealOrchestrator.StartAsync(new Dictionary<string, string>(), store.FullName);
            var order = await second.Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}").Within("the order after the restart");
            Assert.Equal("blue", order.GetProperty("spec").GetProperty("parameters").GetProperty("colour").GetString());
            Assert.Equal("truck", order.GetProperty("spec").GetProperty("deliveryMode").GetString());
            var design = await second.Admin.GetFromJsonAsync<JsonElement>("/api/designs/plate").Within("the design after the restart");
            var colour = Assert.Single(design[0].GetProperty("parameters").EnumerateArray());
            Assert.Equal(["red", "blue"], colour.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
            Assert.True(colour.GetProperty("changeover").GetBoolean());
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
