using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Configuration;

public sealed class AgentOptionsValidationTests
{
    [Fact]
    public async Task A_valid_configuration_starts_the_cells_it_describes()
    {
        using var host = AgentHosts.Build(AgentHosts.ValidConfiguration());
        await host.StartAsync().Within("the agent host to start");

        var cells = host.Services.GetRequiredService<CellDrivers>();
        Assert.Equal(["cnc-1", "printer-1"], cells.All.Select(c => c.CellId));
        Assert.Equal(["fdm-printing", "post-curing"], cells.Get("printer-1").Describe().Capabilities);
        Assert.Equal(24, cells.Get("printer-1").Describe().HoursAvailablePerDay);

        // The simulated settings were bound, TimeSpans included.
        var cnc = cells.Get("cnc-1");
        Assert.Equal(TimeSpan.FromSeconds(90) * 2, cnc.EstimateDuration("bracket-a@1.0.0", 2));
        Assert.Equal(TimeSpan.FromMinutes(12) + (TimeSpan.FromSeconds(90) * 2), cnc.EstimateDuration("other@1.0.0", 2));
        Assert.Equal(CellState.Idle, cnc.GetStatus().State);

        var missing = Assert.Throws<KeyNotFoundException>(() => cells.Get("lathe-9"));
        Assert.Contains("cnc-1, printer-1", missing.Message, StringComparison.Ordinal);
        await host.StopAsync().Within("the agent host to stop");
    }

    [Theory]
    [InlineData("Agent:OrchestratorUrl", "orchestrator.local", "Agent:OrchestratorUrl")]
    [InlineData("Agent:OrchestratorUrl", "ftp://orchestrator.example", "Agent:OrchestratorUrl")]
    [InlineData("Agent:SiteId", "Osaka 01", "Agent:SiteId")]
    [InlineData("Agent:Cells:1:Driver", "octoprint", "Agent:Cells:1:Driver 'octoprint' is not a known driver; use one of: modbus, mqtt, simulated")]
    [InlineData("Agent:Cells:1:Id", "cnc-1", "Agent:Cells:1:Id 'cnc-1' is used by another cell")]
    [InlineData("Agent:Cells:0:Capabilities:0", "CNC Milling", "Agent:Cells:0:Capabilities:0")]
    [InlineData("Agent:Cells:1:HoursAvailablePerDay", "25", "Agent:Cells:1:HoursAvailablePerDay")]
    [InlineData("Agent:Cells:0:Simulated:ScrapRate", "1.5", "Agent:Cells:0:Simulated:ScrapRate")]
    [InlineData("Agent:Cells:0:Simulated:CycleTime", "00:00:00", "Agent:Cells:0:Simulated:CycleTime")]
    [InlineData("Agent:Cells:1:Simulated:ChangeoverTime", "-00:05:00", "Agent:Cells:1:Simulated:ChangeoverTime")]
    [InlineData("Agent:Cells:0:Simulated:LoadedDesign", "gear-c@3.0.0", "Agent:Cells:0:Simulated:LoadedDesign")]
    [InlineData("Agent:Designs:FailInstallFor:0", "bracket-a", "Agent:Designs:FailInstallFor:0 must be a design version 'product@version'")]
    [InlineData("Agent:Designs:FailInstallFor:0", "../etc@1.0", "Agent:Designs:FailInstallFor:0")]
    [InlineData("Agent:Designs:MaxDownloadAttempts", "0", "Agent:Designs:MaxDownloadAttempts must be 1 to 100")]
    [InlineData("Agent:Designs:RetryBackoff", "-00:00:01", "Agent:Designs:RetryBackoff must not be negative")]
    public async Task A_bad_value_stops_the_start_with_a_message_naming_its_key(string key, string value, string expected)
    {
        var configuration = AgentHosts.ValidConfiguration();
        configuration[key] = value;

        var error = await StartFailureAsync<OptionsValidationException>(configuration);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task A_missing_credential_says_where_to_set_it()
    {
        var configuration = AgentHosts.ValidConfiguration();
        configuration.Remove("Agent:Credential");

        var error = await StartFailureAsync<OptionsValidationException>(configuration);

        Assert.Contains("Agent:Credential is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agent__Credential", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agent__EnrolmentToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_credential_is_named_but_never_echoed()
    {
        const string secret = "hunter2 pass";
        var configuration = AgentHosts.ValidConfiguration();
        configuration["Agent:Credential"] = secret;

        var error = await StartFailureAsync<OptionsValidationException>(configuration);

        Assert.Contains("Agent:Credential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_without_cells_is_refused()
    {
        var configuration = AgentHosts.ValidConfiguration();
        foreach (var key in configuration.Keys.Where(k => k.StartsWith("Agent:Cells:", StringComparison.Ordinal)).ToList())
        {
            configuration.Remove(key);
        }

        var error = await StartFailureAsync<OptionsValidationException>(configuration);

        Assert.Contains("Agent:Cells must list at least one cell", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var configuration = AgentHosts.ValidConfiguration();
        configuration["Agent:SiteId"] = "";
        configuration["Agent:Cells:1:Simulated:ScrapRate"] = "-0.1";

        var error = await StartFailureAsync<OptionsValidationException>(configuration);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Agent:SiteId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Agent:Cells:1:Simulated:ScrapRate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_value_in_a_cell_names_its_key_instead_of_dropping_the_cell()
    {
        // Bound as a plain collection, a cell with an unconvertible value silently disappears.
        var configuration = AgentHosts.ValidConfiguration();
        configuration["Agent:Cells:0:Simulated:CycleTime"] = "90s";

        var error = await StartFailureAsync<InvalidOperationException>(configuration);

        Assert.Contains("'Agent:Cells:0:Simulated:CycleTime'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TimeSpan", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TException> StartFailureAsync<TException>(Dictionary<string, string?> configuration)
        where TException : Exception
    {
        using var host = AgentHosts.Build(configuration);
        return await Assert.ThrowsAsync<TException>(() => host.StartAsync().Within("the agent host to refuse to start"));
    }
}
