using System.Text;
using System.Text.RegularExpressions;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Configuration;

/// <summary>The configuration examples of docs/cell-drivers.md are ones the agent accepts (validated only: nothing connects to their addresses).</summary>
public sealed partial class DocumentedExamplesTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "cell-drivers.md"));

    [Fact]
    public void The_modbus_example_is_a_valid_agent_configuration()
    {
        var example = JsonBlocks().Single(b => b.Contains("\"Driver\": \"modbus\"", StringComparison.Ordinal));

        var agent = Validated(example, extra: []);

        var cell = Assert.Single(agent.Cells);
        Assert.Equal(("cnc-1", 12, 21), (cell.Id, cell.Machine.ProgramFor("bracket-a@1.0.0"), cell.Modbus.Registers.Alarm.Address));
        Assert.Equal(ModbusValueType.UInt32, cell.Modbus.Registers.Good.Type);
    }

    [Fact]
    public void The_mqtt_example_is_a_valid_cell_once_its_password_and_ca_file_exist()
    {
        var cell = JsonBlocks().Single(b => b.Contains("\"Driver\": \"mqtt\"", StringComparison.Ordinal));
        var ca = Path.GetTempFileName();
        try
        {
            var agent = Validated($"{{ \"Agent\": {{ \"Cells\": [ {cell} ] }} }}", extra: new()
            {
                ["Agent:Cells:0:Mqtt:Password"] = "from-the-environment",
                ["Agent:Cells:0:Mqtt:Tls:CaFile"] = ca,
            });

            Assert.True(agent.Cells[0].OperatorGate);
            Assert.Equal(8883, agent.Cells[0].Mqtt.ResolvePort());
        }
        finally
        {
            File.Delete(ca);
        }
    }

    private static AgentOptions Validated(string json, Dictionary<string, string?> extra)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:OrchestratorUrl"] = "https://orchestrator.example:7443",
            ["Agent:SiteId"] = "osaka-01",
            ["Agent:Credential"] = AgentHosts.Credential,
            ["Agent:StateDirectory"] = Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N")),
        });
        builder.Configuration.AddInMemoryCollection(extra);
        builder.Services.AddSiteAgent();
        using var host = builder.Build();

        // Reading the options runs the validator; no hosted service (and so no driver) starts.
        return host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
    }

    private static IEnumerable<string> JsonBlocks() => JsonBlock().Matches(Document).Select(m => m.Groups[1].Value);

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
